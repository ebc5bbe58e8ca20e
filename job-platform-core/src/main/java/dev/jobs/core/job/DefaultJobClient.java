package dev.jobs.core.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobClient.JobRequest;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.TooManyActiveJobsException;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link JobClient}: inserts the job row in the caller's transaction (or its own) and asks the
 * dispatcher to publish the message after commit.
 */
public class DefaultJobClient implements JobClient {

	/** Who submits when the caller names nobody: the application itself. */
	public static final String SYSTEM = "system";

	private final JobTypeRegistry registry;

	private final ApplicationJobStore store;

	private final JobQueries queries;

	private final Payloads payloads;

	private final MessageDispatcher dispatcher;

	private final TransactionTemplate transaction;

	private final JobMetrics metrics;

	private final JobEndings endings;

	public DefaultJobClient(JobTypeRegistry registry, ApplicationJobStore store, JobQueries queries, Payloads payloads,
			MessageDispatcher dispatcher, JobMetrics metrics, JobEndings endings) {
		this.metrics = metrics;
		this.endings = endings;
		this.registry = registry;
		this.store = store;
		this.queries = queries;
		this.payloads = payloads;
		this.dispatcher = dispatcher;
		this.transaction = store.transaction();
	}

	/**
	 * The engine's own client for follow-up jobs (a handler's, an end listener's), whatever {@code JobClient} the
	 * application brings: the engine uses it only through {@link #submitWithin}, on the {@link EngineJobStore}
	 * in the transaction that records an ending. Its other methods act as the application's client does, on the
	 * application's store and in its transactions.
	 */
	public static DefaultJobClient forFollowUps(JobTypeRegistry registry, ApplicationJobStore store,
			JobQueries queries, Payloads payloads, MessageDispatcher dispatcher, JobMetrics metrics,
			JobEndings endings) {
		return new DefaultJobClient(registry, store, queries, payloads, dispatcher, metrics, endings);
	}

	@Override
	public Submission submit(String type, Object payload, SubmitOptions options) {
		try (JobTracing.Traced traced = metrics.tracing().submitting(type, 1)) {
			return submit(traced(prepare(type, payload, options), traced.context()));
		}
	}

	private Submission submit(Prepared prepared) {
		if (prepared.job().idempotencyKey() == null && !(prepared.limited() && prepared.activeLimit() > 0)) {
			// One statement: it joins the caller's transaction if there is one, or commits alone. No
			// transaction of our own, so no extra round trips to begin and end one.
			return insertOrReplay(store, prepared);
		}
		// A key's lookup, or a limit's lock and count, must see what the insert sees: one transaction.
		return transaction.execute(status -> insertOrReplay(store, prepared));
	}

	/**
	 * Many jobs: bound and checked first (nothing touches the database if one is invalid), then in
	 * one transaction one lookup of the idempotency keys given, the active limits per submitter and
	 * type, one insert for all, and one hand-over of the due messages to the publisher after commit.
	 */
	@Override
	public List<Submission> submitAll(List<JobRequest> requests) {
		List<Prepared> prepared = new ArrayList<>(requests.size());
		for (int i = 0; i < requests.size(); i++) {
			JobRequest request = requests.get(i);
			if (request == null) {
				throw new IllegalArgumentException("jobs[" + i + "] is null");
			}
			try {
				prepared.add(prepare(request.type(), request.payload(), request.options()));
			}
			catch (InvalidJobPayloadException ex) {
				String at = "jobs[" + i + "].";
				throw new InvalidJobPayloadException(request.type(), ex.errors().stream()
					.map(e -> new InvalidJobPayloadException.FieldError(at + e.field(), e.reason()))
					.toList());
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("jobs[" + i + "]: " + ex.getMessage(), ex);
			}
		}
		if (prepared.isEmpty()) {
			return List.of();
		}
		String type = prepared.get(0).job().type();
		boolean oneType = prepared.stream().allMatch(p -> p.job().type().equals(type));
		try (JobTracing.Traced traced = metrics.tracing().submitting(oneType ? type : "*", prepared.size())) {
			List<Prepared> stored = (traced.context() == null) ? prepared
					: prepared.stream().map(p -> traced(p, traced.context())).toList();
			return transaction.execute(status -> insertAllOrReplay(stored));
		}
	}

	private List<Submission> insertAllOrReplay(List<Prepared> prepared) {
		int n = prepared.size();
		Submission[] result = new Submission[n];
		// A key met earlier in the same list refers to that earlier job.
		Map<String, Integer> firstWithKey = new HashMap<>();
		int[] sameAs = new int[n];
		Arrays.fill(sameAs, -1);
		List<JobSubmissions.NewJob> keyed = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			JobSubmissions.NewJob job = prepared.get(i).job();
			if (job.idempotencyKey() == null) {
				continue;
			}
			Integer first = firstWithKey.putIfAbsent(JobSubmissions.keyOf(job.createdBy(), job.idempotencyKey()), i);
			if (first != null) {
				sameAs[i] = first;
			}
			else {
				keyed.add(job);
			}
		}
		Map<String, JobSubmissions.Replay> earlier = store.submissions().findByIdempotencyKeys(keyed);
		List<Integer> toInsert = new ArrayList<>(n);
		Map<String, Integer> newPerOwnerAndType = new LinkedHashMap<>();
		for (int i = 0; i < n; i++) {
			if (sameAs[i] >= 0) {
				continue;
			}
			Prepared p = prepared.get(i);
			JobSubmissions.NewJob job = p.job();
			JobSubmissions.Replay replay = (job.idempotencyKey() != null)
					? earlier.get(JobSubmissions.keyOf(job.createdBy(), job.idempotencyKey())) : null;
			if (replay != null) {
				result[i] = replay(replay, job);
				continue;
			}
			toInsert.add(i);
			if (p.limited() && p.activeLimit() > 0) {
				newPerOwnerAndType.merge(job.createdBy() + '\u0000' + job.type(), 1, Integer::sum);
			}
		}
		for (Map.Entry<String, Integer> group : newPerOwnerAndType.entrySet()) {
			String[] ownerAndType = group.getKey().split("\u0000", 2);
			int limit = registry.require(ownerAndType[1]).settings().maxActivePerUser();
			if (store.submissions().countActive(ownerAndType[0], ownerAndType[1]) + group.getValue() > limit) {
				throw new TooManyActiveJobsException(ownerAndType[1], ownerAndType[0], limit);
			}
		}
		List<JobSubmissions.Inserted> inserted = store.submissions().insertAll(toInsert.stream().map(i -> prepared.get(i).job()).toList());
		List<JobMessage> due = new ArrayList<>();
		for (int k = 0; k < toInsert.size(); k++) {
			int i = toInsert.get(k);
			JobSubmissions.Inserted row = inserted.get(k);
			if (row == null) {
				// A concurrent submission with this key committed first: replay it.
				JobSubmissions.NewJob job = prepared.get(i).job();
				result[i] = replay(store.submissions().findByIdempotencyKey(job.createdBy(), job.idempotencyKey(), job.payloadJson())
					.orElseThrow(() -> new IllegalStateException("Job with idempotency key " + job.idempotencyKey()
							+ " was removed while being submitted again; submit once more")), job);
				continue;
			}
			if (row.due()) {
				due.add(row.row().message().withTraceContext(prepared.get(i).job().traceContext()));
			}
			result[i] = new Submission(queries.view(row.row()), true);
		}
		for (int i = 0; i < n; i++) {
			if (sameAs[i] >= 0) {
				Submission first = result[sameAs[i]];
				JobSubmissions.NewJob job = prepared.get(i).job();
				JobView firstJob = first.job();
				if (!firstJob.type().equals(job.type())
						|| !java.util.Objects.equals(firstJob.payload(), payloads.readTree(job.payloadJson()))) {
					throw new IdempotencyConflictException(job.idempotencyKey(), firstJob.id());
				}
				result[i] = new Submission(firstJob, false);
			}
		}
		if (!due.isEmpty()) {
			dispatcher.dispatchAfterCommit(due);
		}
		List<String> types = toInsert.stream().map(i -> prepared.get(i).job().type()).toList();
		AfterCommit.run(() -> types.forEach(metrics::submitted));
		return List.of(result);
	}

	/**
	 * Submits within the caller's current transaction on {@code target}: how the engine adds a
	 * handler's follow-up jobs in the transaction that records its success, on its own connection.
	 */
	public Submission submitWithin(JobStore target, String type, Object payload, SubmitOptions options) {
		try (JobTracing.Traced traced = metrics.tracing().submitting(type, 1)) {
			return insertOrReplay(target, traced(prepare(type, payload, options), traced.context()));
		}
	}

	/**
	 * As {@link #submitWithin(JobStore, String, Object, SubmitOptions)}, for a job that joins the trace
	 * {@code traceContext} names: a handler's follow-up, under the span of the attempt that asked for it,
	 * whichever thread records that attempt's end.
	 */
	public Submission submitWithin(JobStore target, String type, Object payload, SubmitOptions options,
			String traceContext) {
		if (traceContext == null) {
			return submitWithin(target, type, payload, options);
		}
		return insertOrReplay(target, traced(prepare(type, payload, options), traceContext));
	}

	/** A submission checked and bound, before it touches the database. */
	private record Prepared(JobSubmissions.NewJob job, int activeLimit, boolean limited) {
	}

	/** The job stored with the submitter's trace context; unchanged without one (no tracer). */
	private static Prepared traced(Prepared prepared, String traceContext) {
		return (traceContext == null) ? prepared
				: new Prepared(prepared.job().tracedBy(traceContext), prepared.activeLimit(), prepared.limited());
	}

	private Prepared prepare(String type, Object payload, SubmitOptions options) {
		RegisteredJobType jobType = registry.require(type);
		if (jobType.messageDelivery()) {
			throw new IllegalArgumentException("type " + type + " is delivered as messages without a job row and "
					+ "cannot be submitted as a job; it is sent with MessageSender");
		}
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
		// The limit is for people and the programs acting for them: a submission that names its
		// submitter counts, whatever the name; only the application's own, unnamed ones are exempt.
		boolean named = opts.createdBy() != null && !opts.createdBy().isBlank();
		String createdBy = named ? opts.createdBy() : SYSTEM;
		JobSubmissions.NewJob job = new JobSubmissions.NewJob(type, payloadJson, maxAttempts, priority, opts.runAt(),
				opts.idempotencyKey(), createdBy);
		return new Prepared(job, jobType.settings().maxActivePerUser(), named);
	}

	private Submission insertOrReplay(JobStore target, Prepared prepared) {
		JobSubmissions.NewJob job = prepared.job();
		if (job.idempotencyKey() != null) {
			Optional<JobSubmissions.Replay> existing = target.submissions().findByIdempotencyKey(job.createdBy(), job.idempotencyKey(),
					job.payloadJson());
			if (existing.isPresent()) {
				return replay(existing.get(), job);
			}
		}
		if (prepared.limited() && prepared.activeLimit() > 0
				&& target.submissions().countActive(job.createdBy(), job.type()) >= prepared.activeLimit()) {
			throw new TooManyActiveJobsException(job.type(), job.createdBy(), prepared.activeLimit());
		}
		Optional<JobSubmissions.Inserted> inserted = target.submissions().insert(job);
		if (inserted.isPresent()) {
			JobRow row = inserted.get().row();
			// Due or not is the database's answer, never this JVM's clock: a job due later is published
			// by the outbox relay when its time comes.
			if (inserted.get().due()) {
				dispatcher.dispatchAfterCommit(List.of(row.message().withTraceContext(job.traceContext())));
			}
			AfterCommit.run(() -> metrics.submitted(row.type()));
			return new Submission(queries.view(row), true);
		}
		// The insert met the unique index: a submission with this key exists (and has committed,
		// since the index waits for concurrent inserts to finish).
		JobSubmissions.Replay existing = target.submissions().findByIdempotencyKey(job.createdBy(), job.idempotencyKey(), job.payloadJson())
			.orElseThrow(() -> new IllegalStateException("Job with idempotency key " + job.idempotencyKey()
					+ " was removed while being submitted again; submit once more"));
		return replay(existing, job);
	}

	private Submission replay(JobSubmissions.Replay existing, JobSubmissions.NewJob job) {
		if (!existing.row().type().equals(job.type()) || !existing.samePayload()) {
			throw new IdempotencyConflictException(job.idempotencyKey(), existing.row().id());
		}
		return new Submission(queries.view(existing.row()), false);
	}

	@Override
	public Optional<JobView> find(UUID id) {
		return queries.find(id);
	}

	@Override
	public JobView cancel(UUID id) {
		return queries.view(transaction.execute(status -> {
			EndedJobs.Cancellation cancelled = store.endedJobs().cancel(id);
			if (cancelled.endedNow()) {
				endings.ended(store, id, cancelled.row().type(), JobStatus.CANCELLED, status, this::submitWithin);
			}
			return cancelled.row();
		}));
	}

	/**
	 * Starts a new attempt. The job becomes active again, so its submitter's active limit applies
	 * as it does to a submission.
	 * @throws TooManyActiveJobsException if the submitter already has the type's limit of active jobs
	 */
	@Override
	public JobView retry(UUID id) {
		JobRow row = transaction.execute(status -> {
			JobRow current = store.reads().find(id).orElseThrow(() -> new JobNotFoundException(id));
			Optional<RegisteredJobType> type = registry.find(current.type());
			int attempts = type.map(t -> t.settings().maxAttempts()).orElse(current.maxAttempts());
			int limit = type.map(t -> t.settings().maxActivePerUser()).orElse(0);
			if (limit > 0 && !SYSTEM.equals(current.createdBy())
					&& store.submissions().countActive(current.createdBy(), current.type()) >= limit) {
				throw new TooManyActiveJobsException(current.type(), current.createdBy(), limit);
			}
			JobRow retried = store.endedJobs().retry(id, attempts);
			dispatcher.dispatchAfterCommit(List.of(retried.message()));
			return retried;
		});
		return queries.view(row);
	}

}
