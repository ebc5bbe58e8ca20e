package dev.jobs.test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.jobs.core.JobAttemptView;
import dev.jobs.core.JobBrowser;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobType;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submits jobs to the running platform (real PostgreSQL and RabbitMQ, the application's own
 * workers) and waits for them to end; then shows what happened: attempts, result, follow-ups.
 * A bean in every {@link JobPlatformTest} (and any Spring test with the platform and this kit on
 * the classpath):
 *
 * <pre>{@code
 * @Autowired JobTestKit kit;
 *
 * JobView job = kit.submitAndAwait(DepartmentReport.TYPE, new DepartmentReportPayload("R&D"));
 * assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
 * }</pre>
 *
 * Waiting polls the job row with Awaitility, as a test should wait: on a condition, never a fixed
 * sleep; a job that does not end in time fails the test with its last state, its attempts and their
 * errors.
 */
public class JobTestKit {

	/** How long {@link #submitAndAwait(JobType, Object)} waits by default. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL = Duration.ofMillis(100);

	private final JobClient jobs;

	private final JobBrowser browser;

	private final JsonMapper json;

	public JobTestKit(JobClient jobs, JobBrowser browser, JsonMapper json) {
		this.jobs = jobs;
		this.browser = browser;
		this.json = json;
	}

	/** Submits a job and waits up to {@link #DEFAULT_TIMEOUT} for it to end. */
	public <P> JobView submitAndAwait(JobType<P> type, P payload) {
		return submitAndAwait(type, payload, SubmitOptions.defaults(), DEFAULT_TIMEOUT);
	}

	/** Submits a job and waits up to {@code timeout} for it to end (succeeded, failed or cancelled). */
	public <P> JobView submitAndAwait(JobType<P> type, P payload, SubmitOptions options, Duration timeout) {
		return awaitEnd(jobs.submit(type, payload, options).id(), timeout);
	}

	/** Submits a job without waiting. */
	public <P> UUID submit(JobType<P> type, P payload, SubmitOptions options) {
		return jobs.submit(type, payload, options).id();
	}

	/** Waits up to {@code timeout} for the job to end and returns it as it ended. */
	public JobView awaitEnd(UUID id, Duration timeout) {
		return await(id, timeout, job -> job.status().isTerminal(), "to end");
	}

	/** Waits up to {@code timeout} for the job to reach {@code status}. */
	public JobView awaitStatus(UUID id, JobStatus status, Duration timeout) {
		return awaitStatus(id, java.util.Set.of(status), timeout);
	}

	/**
	 * Waits up to {@code timeout} for the job to reach one of {@code statuses}; fails at once if it
	 * ends in another.
	 */
	public JobView awaitStatus(UUID id, java.util.Set<JobStatus> statuses, Duration timeout) {
		JobView job = await(id, timeout, j -> statuses.contains(j.status()) || j.status().isTerminal(),
				"to be " + statuses);
		if (!statuses.contains(job.status())) {
			throw new AssertionError("Job " + id + " ended " + job.status() + ", not " + statuses + ": "
					+ describe(id, Optional.of(job)));
		}
		return job;
	}

	private JobView await(UUID id, Duration timeout, java.util.function.Predicate<JobView> condition, String what) {
		AtomicReference<Optional<JobView>> last = new AtomicReference<>(Optional.empty());
		try {
			return Awaitility.await("job " + id + " " + what)
				.atMost(timeout)
				.pollInterval(POLL)
				.pollInSameThread() // the test's own thread: its transaction and security context, if it has them
				.until(() -> {
					last.set(jobs.find(id));
					return last.get().orElse(null);
				}, job -> job != null && condition.test(job));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Job " + id + " did not " + what.substring(3) + " within " + timeout + " (waited "
					+ what + "): " + describe(id, last.get()), ex);
		}
	}

	private String describe(UUID id, Optional<JobView> job) {
		if (job.isEmpty()) {
			return "no such job";
		}
		JobView j = job.get();
		return j.type() + " is " + j.status() + " at attempt " + j.attempt() + "/" + j.maxAttempts()
				+ ((j.lastError() != null) ? ", last error: " + j.lastError() : "") + "; attempts: " + attempts(id);
	}

	/** The job as stored now. */
	public JobView job(UUID id) {
		return jobs.find(id).orElseThrow(() -> new AssertionError("No job " + id));
	}

	/** The job's finished attempts, first first. */
	public List<JobAttemptView> attempts(UUID id) {
		return browser.detail(id).map(JobBrowser.JobDetail::attempts).orElse(List.of());
	}

	/** The job's result bound to {@code resultType} (a record mirroring what the handler set). */
	public <R> R result(JobView job, Class<R> resultType) {
		if (job.result() == null || job.result().isNull()) {
			throw new AssertionError("Job " + job.id() + " (" + job.status() + ") has no result");
		}
		return json.treeToValue(job.result(), resultType);
	}

	/**
	 * Jobs of {@code type} created between the submission of {@code job} and its end: the
	 * follow-ups it submitted, which are created in the transaction that records its success (in
	 * a test that runs other jobs of that type at the same time, those can appear too).
	 */
	public List<JobView> followUps(JobView job, JobType<?> type) {
		if (job.finishedAt() == null) {
			throw new AssertionError("Job " + job.id() + " has not ended (" + job.status() + "): await it first");
		}
		JobBrowser.JobSearch search = new JobBrowser.JobSearch(type.name(), null, null, job.createdAt(),
				job.finishedAt().plusMillis(1), null);
		List<JobView> found = new java.util.ArrayList<>();
		for (int page = 0; page == 0 || found.size() < browser.count(search); page++) {
			List<JobView> items = browser.search(search, page, 200).items();
			if (items.isEmpty()) {
				break;
			}
			found.addAll(items);
		}
		return found.stream().filter(j -> !j.id().equals(job.id())).toList();
	}

	/** The payload of a job as the type's class. */
	public <P> P payload(JobView job, JobType<P> type) {
		return json.treeToValue(job.payload(), type.payloadType());
	}

}
