package dev.jobs.app.exporttask;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.jobs.app.Fixtures;
import dev.jobs.app.IntegrationTest;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.result.LocalDirectoryResultStorage;
import dev.jobs.core.result.ResultRetention;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Finished jobs and their files go once they are older than the retention (7 days); nothing else does. */
class ResultRetentionIntegrationTest extends IntegrationTest {

	@Autowired
	ResultRetention retention;

	@Autowired
	LocalDirectoryResultStorage storage;

	@BeforeEach
	void employees() {
		Fixtures.employees(jdbc);
	}

	@Test
	void expiredJobsLoseRowAttemptsAndFileWhileRecentAndUnfinishedOnesStay() throws Exception {
		JobView expired = runToSuccess("EMPLOYEE_EXPORT", Map.of());
		JobView recent = runToSuccess("EMPLOYEE_EXPORT", Map.of());
		UUID waiting = jobs
			.submit("EMPLOYEE_EXPORT", Map.of(), SubmitOptions.defaults().withRunAt(Instant.now().plusSeconds(3600)))
			.id();
		age(expired.id(), "finished_at = now() - interval '8 days'");
		age(waiting, "created_at = now() - interval '30 days'");

		retention.purgeExpired();

		assertThat(jobs.find(expired.id())).isEmpty();
		assertThat(jdbc.sql("select count(*) from {jobs}.job_attempt where job_id = :id").param("id", expired.id())
			.query(Long.class).single()).isZero();
		assertThat(storage.open(expired.id())).isEmpty();
		assertProblem(get("/api/jobs/" + expired.id() + "/result"), 404, "job-not-found");
		assertThat(jobs.find(recent.id())).isPresent();
		assertThat(storage.open(recent.id())).isPresent();
		assertThat(jobs.find(waiting)).isPresent();
		jobs.cancel(waiting);
	}

	@Test
	void unfinishedFilesAreRemovedOnlyOnceNoAttemptCanStillBeWritingThem() throws Exception {
		Files.createDirectories(storage.directory());
		Path abandoned = Files.createFile(storage.directory().resolve(UUID.randomUUID() + ".1.part"));
		Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
		Path writing = Files.createFile(storage.directory().resolve(UUID.randomUUID() + ".2.part"));

		retention.purgeExpired();

		assertThat(abandoned).doesNotExist();
		assertThat(writing).exists();
		Files.delete(writing);
	}

	private void age(UUID id, String assignment) {
		jdbc.sql("update {jobs}.job set " + assignment + " where id = :id").param("id", id).update();
	}

}
