package dev.jobs.app.ops;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Prometheus scrapes: after a job succeeds and one fails for good, every metric that
 * docs/METRICS.md lists (and so the dashboard and the alerts use) is in /actuator/prometheus on
 * the management port, without signing in; the application port does not serve it.
 */
class PrometheusEndpointIntegrationTest extends IntegrationTest {

	@Test
	void everyDocumentedMetricIsScraped() throws Exception {
		runToSuccess("NOOP", Map.of());
		UUID failed = jobs.submit("SLEEP", Map.of("millis", 0, "failTimes", 1), SubmitOptions.defaults().withMaxAttempts(1))
			.id();
		awaitStatus(failed, Set.of(JobStatus.FAILED), JOB_TIMEOUT);

		String scrape = new String(send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
			.GET()).body(), StandardCharsets.UTF_8);

		// A timer (histogram) or a summary shows as _count, _sum (and _bucket) series; an untagged one without braces.
		assertThat(documentedMetrics()).isNotEmpty()
			.filteredOn(metric -> !scrape.contains("\n" + metric + "{") && !scrape.contains("\n" + metric + " ")
					&& !scrape.contains("\n" + metric + "_count{") && !scrape.contains("\n" + metric + "_count "))
			.as("documented metrics missing from the scrape")
			.isEmpty();
		assertThat(scrape).contains("jobs_run_duration_seconds_bucket{").contains("jobs_queue_time_seconds_bucket{");
	}

	@Test
	void applicationPortServesNoMetricsAndNoActuator() {
		for (String path : new String[] { "/actuator/prometheus", "/actuator/metrics", "/actuator/health" }) {
			HttpResponse<byte[]> anonymous = send(HttpRequest.newBuilder(url(path)).GET());
			HttpResponse<byte[]> admin = get(path, Account.ADMIN);

			assertThat(anonymous.statusCode()).as(path).isIn(401, 404);
			assertThat(admin.statusCode()).as(path).isEqualTo(404);
			assertThat(new String(admin.body(), StandardCharsets.UTF_8)).as(path).doesNotContain("jobs_");
		}
	}

	private static Set<String> documentedMetrics() throws Exception {
		String doc = Files.readString(Path.of("..", "docs", "METRICS.md"));
		Set<String> names = new LinkedHashSet<>();
		Matcher m = Pattern.compile("^\\| `(jobs_[a-z_]+)`", Pattern.MULTILINE).matcher(doc);
		while (m.find()) {
			names.add(m.group(1));
		}
		return names;
	}

}
