package dev.jobs.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceLinkTest {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void theTemplatesPlaceholderBecomesTheTraceId() {
		assertThat(DashboardPages.traceLink("http://localhost:3000/explore?traceId={traceId}&x=1", TRACE))
			.isEqualTo("http://localhost:3000/explore?traceId=" + TRACE + "&x=1");
	}

	@Test
	void noTemplateOrNoTraceMeansNoLink() {
		assertThat(DashboardPages.traceLink("", TRACE)).isNull();
		assertThat(DashboardPages.traceLink(null, TRACE)).isNull();
		assertThat(DashboardPages.traceLink("http://tempo/trace/{traceId}", null)).isNull();
	}

}
