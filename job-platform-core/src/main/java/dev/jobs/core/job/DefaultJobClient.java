package dev.jobs.core.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.TooManyActiveJobsException;
import dev.jobs.core.metrics.JobMetrics;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link JobClient}: inserts the job row in the caller's transaction (or its own) and asks the
 * dispatcher to publish the message after commit.
 */
public class DefaultJobClient implements JobClient {

	/** Who submits when nobody says. */
	public static final String SYSTEM = "system";

	private final JobTypeRegistry registry;

	private final JobStateMachine stateMachine;

	private final JobQueries queries;

	private final Payloads payloads;

	private final MessageDispatcher dispatcher;

	private final TransactionTemplate transaction;

	private final JobMetrics metrics;

	public DefaultJobClient(JobTypeRegistry registry, JobStateMachine stateMachine, JobQueries queries,
			Payloads payloads, MessageDispatcher dispatcher, TransactionTemplate transaction, JobMetrics metrics) {
		this.metrics = metrics;
		this.registry = registry;
		this.stateMachine = stateMachine;
		this.queries = queries;
		this.payloads = payloads;
		this.dispatcher = dispatcher;
		this.transaction = transaction;
	}

	@Override
	public Submission submit(String type, Object payload, SubmitOptions options) {
		RegisteredJobType jobType = registry.require(type);
		SubmitOptions opts = (options != null) ? options : SubmitOptions.defaults();
		Object bound = payloads.bind(type, jobType.handler().payloadType(), payload);
		String payloadJson = payloads.toJson(bound);
		int maxAttempts = (opts.maxAttempts() != null) ? opts.maxAttempts() : jobType.settings().maxAttempts();
		int priority = (opts.priority() != null) ? opts.priority() : 0;
		if (maxAttempts < 1 || maxAttempts > 100) {
			throw new IllegalArgumentException("maxAttempts must be between 1 and 100, was " + maxAttempts);
		}
		if (priority < 0 || priority > 9) {
			throw new IllegalArgumentException("priority must be between 0 and 9, was " + priority);
		}
		String createdBy = (opts.createdBy() != null && !opts.createdBy().isBlank()) ? opts.createdBy() : SYSTEM;
		JobStateMachine.NewJob job = new JobStateMachine.NewJob(type, payloadJson, maxAttempts, priority, opts.runAt(),
				opts.idempotencyKey(), createdBy);
		int limit = jobType.settings().maxActivePerUser();
		return transaction.execute(status -> insertOrReplay(job, limit));
	}

	private Submission insertOrReplay(JobStateMachine.NewJob job, int activeLimit) {
		if (job.idempotencyKey() != null) {
			Optional<JobRow> existing = stateMachine.findByIdempotencyKey(job.createdBy(), job.idempotencyKey());
			if (existing.isPresent()) {
				return replay(existing.get(), job);
			}
		}
		if (activeLimit > 0 && !SYSTEM.equals(job.createdBy())
				&& stateMachine.countActive(job.createdBy(), job.type()) >= activeLimit) {
			throw new TooManyActiveJobsException(job.type(), job.createdBy(), activeLimit);
		}
		Optional<JobRow> inserted = stateMachine.insert(job);
		if (inserted.isPresent()) {
			JobRow row = inserted.get();
			if (!row.runAt().isAfter(Instant.now())) {
				dispatcher.dispatchAfterCommit(List.of(row.message()));
			}
			// A job due later is published by the outbox relay when its time comes.
			AfterCommit.run(() -> metrics.submitted(row.type()));
			return new Submission(queries.view(row), true);
		}
		// The insert met the unique index: a submission with this key exists (and has committed,
		// since the index waits for concurrent inserts to finish).
		JobRow existing = stateMachine.findByIdempotencyKey(job.createdBy(), job.idempotencyKey())
			.orElseThrow(() -> new IllegalStateException("Job with idempotency key " + job.idempotencyKey()
					+ " was removed while being submitted again; submit once more"));
		return replay(existing, job);
	}

	private Submission replay(JobRow existing, JobStateMachine.NewJob job) {
		boolean same = existing.type().equals(job.type())
				&& Objects.equals(payloads.readTree(existing.payload()), payloads.readTree(job.payloadJson()));
		if (!same) {
			throw new IdempotencyConflictException(job.idempotencyKey(), existing.id());
		}
		return new Submission(queries.view(existing), false);
	}

	@Override
	public Optional<JobView> find(UUID id) {
		return queries.find(id);
	}

	@Override
	public JobView cancel(UUID id) {
		return queries.view(transaction.execute(status -> stateMachine.cancel(id)));
	}

	@Override
	public JobView retry(UUID id) {
		JobRow row = transaction.execute(status -> {
			JobRow current = stateMachine.find(id).orElse(null);
			int attempts = (current != null) ? registry.find(current.type())
				.map(t -> t.settings().maxAttempts())
				.orElse(current.maxAttempts()) : 1;
			JobRow retried = stateMachine.retry(id, attempts);
			dispatcher.dispatchAfterCommit(List.of(retried.message()));
			return retried;
		});
		return queries.view(row);
	}

}
