package dev.jobs.app.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobStatus;
import dev.jobs.core.SubmitOptions;

import org.junit.jupiter.api.AfterEach;

/**
 * What the dashboard's tests share: failed jobs to act on, and their removal when a test ends, so a
 * test's failed jobs never show in another test's lists.
 */
abstract class DashboardIntegrationTest extends IntegrationTest {

	/** Jobs this test made; removed when it ends. */
	protected final List<UUID> created = new ArrayList<>();

	/** A SLEEP job whose first attempt fails: it ends FAILED (one attempt in the tests) and a retry succeeds. */
	protected UUID failedJob(String key) {
		UUID id = jobs.submit("SLEEP", Map.of("millis", 0, "failTimes", 1), SubmitOptions.defaults().withIdempotencyKey(key))
			.id();
		awaitStatus(id, Set.of(JobStatus.FAILED), JOB_TIMEOUT);
		created.add(id);
		return id;
	}

	@AfterEach
	void removeJobs() {
		for (UUID id : created) {
			awaitStatus(id, Set.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED), JOB_TIMEOUT);
		}
		jdbc.sql("delete from {jobs}.job where id = any(cast(:ids as uuid[]))")
			.param("ids", created.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
			.update();
	}

}
