package dev.jobs.dashboard;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.jobs.core.JobAdmin.Action;
import dev.jobs.core.JobAdmin.BulkResult;
import dev.jobs.core.JobBrowser.JobSearch;
import dev.jobs.core.JobStatus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobFilterTest {

	@Test
	void localTimesAreReadWithTheBrowsersOffset() {
		// JavaScript's getTimezoneOffset is -480 in Shanghai (UTC+8).
		JobFilter filter = JobFilter.of(Map.of("from", "2026-12-01T09:30", "to", "2026-12-01T10:00:00Z", "tz", "-480",
				"status", "failed", "type", "SLEEP", "q", " 研发部 "));

		JobSearch search = filter.toSearch();

		assertThat(filter.errors()).isEmpty();
		assertThat(search.from()).isEqualTo(Instant.parse("2026-12-01T01:30:00Z"));
		assertThat(search.to()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
		assertThat(search.status()).isEqualTo(JobStatus.FAILED);
		assertThat(search.text()).isEqualTo("研发部");
	}

	@Test
	void jobsWaitingForTheirDependenciesCanBeListed() {
		JobFilter filter = JobFilter.of(Map.of("status", "awaiting"));

		assertThat(filter.toSearch().status()).isEqualTo(JobStatus.AWAITING);
		assertThat(filter.errors()).isEmpty();
	}

	@Test
	void aValueThatDoesNotParseIsAnErrorNamingItsFieldNotAWiderFilter() {
		JobFilter filter = JobFilter.of(Map.of("status", "BROKEN", "from", "yesterday", "tz", "east"));

		filter.toSearch();

		assertThat(filter.errors()).hasSize(3)
			.anySatisfy(e -> assertThat(e).startsWith("status:"))
			.anySatisfy(e -> assertThat(e).startsWith("from:"))
			.anySatisfy(e -> assertThat(e).startsWith("tz:"));
	}

	@Test
	void blankFieldsMeanAnyAndTheQueryKeepsOnlyTheGivenOnes() {
		JobFilter filter = JobFilter.of(Map.of("type", "", "owner", "alice", "q", "a&b"));

		assertThat(filter.toSearch()).isEqualTo(new JobSearch(null, null, "alice", null, null, "a&b"));
		assertThat(filter.query()).isEqualTo("owner=alice&q=a%26b");
	}

	@Test
	void bulkMessagesSayHowManyChangedAndWhyTheOthersDidNot() {
		Map<String, Integer> skipped = new LinkedHashMap<>();
		skipped.put("already ended", 1);
		assertThat(DashboardActionController.describe(new BulkResult(Action.CANCEL, 4, 3, skipped)))
			.isEqualTo("Cancelled 3 of 4 jobs; skipped: 1 already ended.");
		assertThat(DashboardActionController.describe(new BulkResult(Action.RETRY, 1, 1, Map.of())))
			.isEqualTo("Retried 1 of 1 job.");
		assertThat(List.of(DashboardPages.duration(java.time.Duration.ofMillis(850)),
				DashboardPages.duration(java.time.Duration.ofMillis(12_345)),
				DashboardPages.duration(java.time.Duration.ofSeconds(245))))
			.containsExactly("850 ms", "12.3 s", "4 min 5 s");
	}

}
