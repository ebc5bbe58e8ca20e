package dev.jobs.dashboard;

import java.util.function.Predicate;

import dev.jobs.core.JobAdmin;
import dev.jobs.core.operationlog.OperationLogReader;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;

/**
 * The operation log's navigation entry and page exist only where a reader is there and the viewer
 * holds one of its reader roles.
 */
class OperationLogNavigationTest {

	private final JobAdmin admin = Mockito.mock(JobAdmin.class);

	private static ObjectProvider<OperationLogReader> provider(OperationLogReader reader) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		if (reader != null) {
			beans.addBean("operationLogReader", reader);
		}
		return beans.getBeanProvider(OperationLogReader.class);
	}

	@SuppressWarnings("unchecked")
	private static OperationLogReader readerFor(String role) {
		OperationLogReader reader = Mockito.mock(OperationLogReader.class);
		Mockito.when(reader.mayRead(any(Predicate.class)))
			.thenAnswer(call -> ((Predicate<String>) call.getArgument(0)).test(role));
		return reader;
	}

	private static MockHttpServletRequest viewer(String... roles) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/dashboard/operation-log");
		request.setUserPrincipal(() -> "someone");
		for (String role : roles) {
			request.addUserRole(role);
		}
		return request;
	}

	private boolean navigationShown(OperationLogReader reader, MockHttpServletRequest request) {
		ExtendedModelMap model = new ExtendedModelMap();
		DashboardPages.frame(admin, provider(reader), new DashboardProperties(), request, model);
		return (Boolean) model.get("operationLog");
	}

	@Test
	void theEntryIsShownToTheLogsReaderRolesOnly() {
		OperationLogReader reader = readerFor("AUDITOR");

		assertThat(navigationShown(reader, viewer("AUDITOR"))).isTrue();
		assertThat(navigationShown(reader, viewer("DASHBOARD_READER"))).isFalse();
	}

	@Test
	void withoutAReaderThereIsNoEntryAndNoPage() {
		assertThat(navigationShown(null, viewer("AUDITOR"))).isFalse();

		OperationLogPage page = new OperationLogPage(provider(null), admin, new DashboardProperties(),
				JsonMapper.builder().build());
		assertThatThrownBy(() -> page.list(java.util.Map.of(), viewer("AUDITOR"), new ExtendedModelMap()))
			.isInstanceOfSatisfying(ResponseStatusException.class,
					ex -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND));
	}

	@Test
	void aDashboardViewerWithoutAReaderRoleIsRefusedThePage() {
		OperationLogPage page = new OperationLogPage(provider(readerFor("AUDITOR")), admin, new DashboardProperties(),
				JsonMapper.builder().build());

		assertThatThrownBy(() -> page.list(java.util.Map.of(), viewer("DASHBOARD_READER"), new ExtendedModelMap()))
			.isInstanceOfSatisfying(ResponseStatusException.class,
					ex -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));
	}

}
