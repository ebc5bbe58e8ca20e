package dev.jobs.core.job;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.jobs.core.BatchRequest;
import dev.jobs.core.BatchSubmission;
import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.InvalidWorkflowException;
import dev.jobs.core.JobClient;
import dev.jobs.core.JobClient.JobRequest;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.TooManyActiveJobsException;
import dev.jobs.core.WorkflowRequest;
import dev.jobs.core.WorkflowSubmission;

import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link JobClient}: inserts the job row in the caller's transaction (or its own) and asks the
 * dispatcher to publish the message after commit. {@link #submit} calls made outside any transaction share
 * commits when they come at once ({@link GroupCommit}): each caller still waits for its own job to be committed and
 * gets its own id, idempotency outcome and error.
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

	/** Batches and workflows. */
	private final GroupSubmissions together;

	/** The group commit of {@link #submit} calls outside a transaction; {@code null}: each commits alone. */
	private final GroupCommit<Prepared, Submission> groups;

	/** A client whose {@link #submit} calls outside a transaction commit each on its own. */
	public DefaultJobClient(JobTypeRegistry registry, ApplicationJobStore store, JobQueries queries, Payloads payloads,
			MessageDispatcher dispatcher, JobMetrics metrics, JobEndings endings) {
		this(registry, store, queries, payloads, dispatcher, metrics, endings, 1, 1);
	}

	/**
	 * @param maxGroupSize the most {@link #submit} calls made outside a transaction that share one commit (group
	 * commit); 1 commits each on its own
	 * @param maxCommitsInFlight how many such commits may run at once before callers queue for the next
	 */
	public DefaultJobClient(JobTypeRegistry registry, ApplicationJobStore store, JobQueries queries, Payloads payloads,
			MessageDispatcher dispatcher, JobMetrics metrics, JobEndings endings, int maxGroupSize,
			int maxCommitsInFlight) {
		this.groups = (maxGroupSize > 1) ? new GroupCommit<>(this::commitGroup, maxGroupSize, maxCommitsInFlight)
				: null;
		this.metrics = metrics;
		this.endings = endings;
		this.registry = registry;
		this.store = store;
		this.queries = queries;
		this.payloads = payloads;
		this.dispatcher = dispatcher;
		this.transaction = store.transaction();
		this.together = new GroupSubmissions(this, store);
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
			Prepared prepared = traced(prepare(type, payload, options), traced.context());
			if (groups == null || TransactionSynchronizationManager.isSynchronizationActive()
					|| TransactionSynchronizationManager.isActualTransactionActive()) {
				// In the caller's transaction the job lives and dies with the caller's data: no group.
				return submitAlone(prepared);
			}
			return groups.commit(prepared);
		}
	}

	/** How many {@link #submit} calls wait for the commit in flight (for tests that need a group to form). */
	int waitingForCommit() {
		return (groups != null) ? groups.queued() : 0;
	}

	private Submission submitAlone(Prepared prepared) {
		if (!prepared.needsTransaction()) {
			// One statement: it joins the caller's transaction if there is one, or commits alone. No
			// transaction of our own, so no extra round trips to begin and end one.
			return insertOrReplay(store, prepared);
		}
		// A key's lookup, or a limit's lock and count, must see what the insert sees: one transaction.
		return transaction.execute(status -> insertOrReplay(store, prepared));
	}

	/**
	 * The commit of a group of {@link #submit} calls made outside any transaction: one alone as
	 * {@link #submitAlone}; several with {@link #insertMany}'s one lookup, one insert and one commit, each with its
	 * own outcome. An error of the database fails the group (its transaction rolled back: no caller gets an id),
	 * unless the data of one of them caused it (a key too long, a character {@code jsonb} cannot store): then each
	 * is submitted again alone, so only the one at fault fails.
	 */
	private List<GroupCommit.Outcome<Submission>> commitGroup(List<Prepared> group) {
		metrics.submitGroup(group.size());
		if (group.size() == 1) {
			return List.of(outcomeOf(() -> submitAlone(group.get(0))));
		}
		try {
			return group.stream().anyMatch(Prepared::needsTransaction)
					? transaction.execute(status -> insertMany(store, group, true))
					: insertMany(store, group, true);
		}
		catch (DataAccessException ex) {
			if (!causedByData(ex)) {
				throw ex;
			}
			return group.stream().map(p -> outcomeOf(() -> submitAlone(p))).toList();
		}
	}

	/** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): a row's values, not the database. */
	private static boolean causedByData(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof SQLException sql && sql.getSQLState() != null
					&& (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
				return true;
			}
		}
		return false;
	}

	private static GroupCommit.Outcome<Submission> outcomeOf(java.util.function.Supplier<Submission> submission) {
		try {
			return GroupCommit.Outcome.of(submission.get());
		}
		catch (RuntimeException ex) {
			return GroupCommit.Outcome.failed(ex);
		}
	}

	/**
	 * Many jobs: bound and checked first (nothing touches the database if one is invalid), then in
	 * one transaction one lookup of the idempotency keys given, the active limits per submitter and
	 * type, one insert for all, and one hand-over of the due messages to the publisher after commit.
	 */
	@Override
	public List<Submission> submitAll(List<JobRequest> requests) {
		List<Prepared> prepared = new ArrayList<>(requests.size());
		// Every job's payload errors, not only the first job's: a caller fixes a list in one go.
		List<InvalidJobPayloadException.FieldError> payloadErrors = new ArrayList<>();
		java.util.Set<String> invalidTypes = new java.util.LinkedHashSet<>();
		for (int i = 0; i < requests.size(); i++) {
			JobRequest request = requests.get(i);
			if (request == null) {
				throw new IllegalArgumentException("jobs[" + i + "] is null");
			}
			try {
				prepared.add(prepare(request.type(), request.payload(), request.options()).named("jobs[" + i + "]."));
			}
			catch (InvalidJobPayloadException ex) {
				String at = "jobs[" + i + "].";
				invalidTypes.add(request.type());
				ex.errors()
					.forEach(e -> payloadErrors.add(new InvalidJobPayloadException.FieldError(at + e.field(), e.reason())));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("jobs[" + i + "]: " + ex.getMessage(), ex);
			}
		}
		if (!payloadErrors.isEmpty()) {
			throw new InvalidJobPayloadException(String.join(", ", invalidTypes), payloadErrors);
		}
		if (prepared.isEmpty()) {
			return List.of();
		}
		String type = prepared.get(0).job().type();
		boolean oneType = prepared.stream().allMatch(p -> p.job().type().equals(type));
		try (JobTracing.Traced traced = metrics.tracing().submitting(oneType ? type : "*", prepared.size())) {
			List<Prepared> stored = (traced.context() == null) ? prepared
					: prepared.stream().map(p -> traced(p, traced.context())).toList();
			return transaction.execute(status -> insertMany(store, stored, false)).stream().map(GroupCommit.Outcome::get)
				.toList();
		}
	}

	/**
	 * Submits many prepared jobs in the current transaction (or, if none, in the one insert's own commit): one
	 * lookup of the keys given, the active counts, one insert, one hand-over of the due messages after commit.
	 * Each job is decided in order, as if submitted one after the other: a key used earlier in the list refers to
	 * that earlier job. {@code eachOnItsOwn} (a group of {@link #submit} calls): a job that fails (a key reused with
	 * another payload, a limit reached) fails alone and the others go on; otherwise (all or none,
	 * {@link #submitAll}) its error is thrown at once.
	 */
	List<GroupCommit.Outcome<Submission>> insertMany(JobStore target, List<Prepared> prepared, boolean eachOnItsOwn) {
		int n = prepared.size();
		List<GroupCommit.Outcome<Submission>> result = new ArrayList<>(Collections.nCopies(n, null));
		Map<String, JobSubmissions.NewJob> keyed = new LinkedHashMap<>();
		for (Prepared p : prepared) {
			if (p.key() != null) {
				keyed.putIfAbsent(p.key(), p.job());
			}
		}
		Map<String, JobSubmissions.Replay> earlier = target.submissions().findByIdempotencyKeys(keyed.values());
		// The limits' locks, taken in one order, so two groups never wait for each other's.
		Map<String, Integer> active = new HashMap<>();
		prepared.stream()
			.filter(p -> p.countsAgainstLimit() && (p.key() == null || !earlier.containsKey(p.key())))
			.map(Prepared::ownerAndType)
			.distinct()
			.sorted()
			.forEach(pair -> active.put(pair, target.submissions().countActive(pair.substring(0, pair.indexOf('\u0000')),
					pair.substring(pair.indexOf('\u0000') + 1))));
		Map<String, Integer> firstWithKey = new HashMap<>();
		int[] sameAs = new int[n];
		Arrays.fill(sameAs, -1);
		List<Integer> toInsert = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Prepared p = prepared.get(i);
			if (p.key() != null) {
				Integer first = firstWithKey.putIfAbsent(p.key(), i);
				if (first != null) {
					sameAs[i] = first;
					continue;
				}
				JobSubmissions.Replay replay = earlier.get(p.key());
				if (replay != null) {
					// Its payload is the one the lookup compared with the earlier job's.
					result.set(i, decide(() -> replay(replay, p.job()), eachOnItsOwn));
					continue;
				}
			}
			if (p.countsAgainstLimit()) {
				int count = active.get(p.ownerAndType());
				if (count >= p.activeLimit()) {
					// Refused, it writes nothing: a later caller with its key is a submission of its own.
					if (p.key() != null) {
						firstWithKey.remove(p.key());
					}
					result.set(i, decide(() -> {
						throw new TooManyActiveJobsException(p.job().type(), p.job().createdBy(), p.activeLimit());
					}, eachOnItsOwn));
					continue;
				}
				active.put(p.ownerAndType(), count + 1);
			}
			toInsert.add(i);
		}
		JobSubmissions.NewJob[] jobs = prepared.stream().map(Prepared::job).toArray(JobSubmissions.NewJob[]::new);
		waitForDependencies(target, prepared, toInsert, jobs, result, eachOnItsOwn);
		// Rows with keys in one order, so two concurrent inserts never wait for each other's keys crosswise.
		toInsert.sort(Comparator.comparing(i -> prepared.get(i).key(), Comparator.nullsFirst(Comparator.naturalOrder())));
		List<JobSubmissions.Inserted> inserted = toInsert.isEmpty() ? List.of()
				: target.submissions().insertAll(toInsert.stream().map(i -> jobs[i]).toList());
		List<JobMessage> due = new ArrayList<>();
		List<String> types = new ArrayList<>();
		List<AwaitingJobs.Edge> edges = new ArrayList<>();
		boolean[] created = new boolean[n];
		for (int k = 0; k < toInsert.size(); k++) {
			int i = toInsert.get(k);
			JobSubmissions.Inserted row = inserted.get(k);
			if (row == null) {
				// A concurrent submission with this key committed first: replay it.
				result.set(i, decide(() -> replayCommitted(target, prepared.get(i).job()), eachOnItsOwn));
				continue;
			}
			if (row.due() && row.row().status() == JobStatus.PENDING) {
				due.add(row.row().message().withTraceContext(prepared.get(i).job().traceContext()));
			}
			prepared.get(i).dependsOn().forEach(d -> edges.add(new AwaitingJobs.Edge(row.row().id(), d, false)));
			types.add(row.row().type());
			created[i] = true;
			result.set(i, GroupCommit.Outcome.of(new Submission(queries.view(row.row()), true)));
		}
		for (int i = 0; i < n; i++) {
			int first = sameAs[i];
			if (first < 0) {
				continue;
			}
			JobSubmissions.NewJob job = prepared.get(i).job();
			if (!created[first]) {
				// The first with this key replayed an earlier job: this one replays it too, compared with its own
				// payload.
				result.set(i, decide(() -> replayCommitted(target, job), eachOnItsOwn));
				continue;
			}
			JobView firstJob = result.get(first).value().job();
			result.set(i, decide(() -> {
				if (!firstJob.type().equals(job.type())
						|| !Objects.equals(firstJob.payload(), payloads.readTree(job.payloadJson()))) {
					throw new IdempotencyConflictException(job.idempotencyKey(), firstJob.id());
				}
				return new Submission(firstJob, false);
			}, eachOnItsOwn));
		}
		target.awaiting().insertEdges(edges);
		if (!due.isEmpty()) {
			dispatcher.dispatchAfterCommit(due);
		}
		AfterCommit.run(() -> types.forEach(metrics::submitted));
		return result;
	}

	/**
	 * The jobs to insert that depend on stored jobs: marks those as depended upon (under their locks) and reads
	 * their statuses. A job waits ({@code AWAITING}) unless all its dependencies already succeeded; one that names
	 * an unknown job, or a job that failed or was cancelled (it could never run), is refused, naming the dependency.
	 */
	private void waitForDependencies(JobStore target, List<Prepared> prepared, List<Integer> toInsert, JobSubmissions.NewJob[] jobs,
			List<GroupCommit.Outcome<Submission>> result, boolean eachOnItsOwn) {
		java.util.Set<UUID> all = new java.util.TreeSet<>();
		toInsert.forEach(i -> all.addAll(prepared.get(i).dependsOn()));
		if (all.isEmpty()) {
			return;
		}
		Map<UUID, JobStatus> statuses = target.awaiting().markDependedUpon(all);
		for (java.util.Iterator<Integer> it = toInsert.iterator(); it.hasNext();) {
			int i = it.next();
			Prepared p = prepared.get(i);
			String refused = null;
			boolean waits = p.job().status() == JobStatus.AWAITING;
			for (int k = 0; k < p.dependsOn().size() && refused == null; k++) {
				UUID dependency = p.dependsOn().get(k);
				JobStatus status = statuses.get(dependency);
				String field = p.field() + "dependsOn[" + k + "]";
				if (status == null) {
					refused = field + "\u0000no job with id " + dependency;
				}
				else if (status == JobStatus.FAILED || status == JobStatus.CANCELLED) {
					refused = field + "\u0000job " + dependency + " ended " + status
							+ ", so this job could never run; retry that job first, or submit without it";
				}
				else if (status != JobStatus.SUCCEEDED) {
					waits = true;
				}
			}
			if (refused != null) {
				String[] parts = refused.split("\u0000", 2);
				it.remove();
				result.set(i, decide(() -> {
					throw new InvalidWorkflowException(parts[0], parts[1]);
				}, eachOnItsOwn));
				continue;
			}
			jobs[i] = jobs[i].awaiting(waits);
		}
	}

	/** A job's outcome; with {@code eachOnItsOwn} false, its error is thrown (all or none). */
	private static GroupCommit.Outcome<Submission> decide(java.util.function.Supplier<Submission> decision,
			boolean eachOnItsOwn) {
		return eachOnItsOwn ? outcomeOf(decision) : GroupCommit.Outcome.of(decision.get());
	}

	private Submission replayCommitted(JobStore target, JobSubmissions.NewJob job) {
		return replay(target.submissions().findByIdempotencyKey(job.createdBy(), job.idempotencyKey(), job.payloadJson())
			.orElseThrow(() -> new IllegalStateException("Job with idempotency key " + job.idempotencyKey()
					+ " was removed while being submitted again; submit once more")), job);
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

	/**
	 * A submission checked and bound, before it touches the database.
	 * @param dependsOn jobs stored before that it waits for ({@link SubmitOptions#dependsOn()})
	 * @param field how errors name it: {@code ""} alone, {@code jobs[3].} in a list
	 */
	record Prepared(JobSubmissions.NewJob job, int activeLimit, boolean limited, List<UUID> dependsOn, String field) {

		Prepared(JobSubmissions.NewJob job, int activeLimit, boolean limited) {
			this(job, activeLimit, limited, List.of(), "");
		}

		Prepared withJob(JobSubmissions.NewJob changed) {
			return new Prepared(changed, activeLimit, limited, dependsOn, field);
		}

		Prepared named(String prefix) {
			return new Prepared(job, activeLimit, limited, dependsOn, prefix);
		}

		/** The idempotency key with its submitter, or {@code null}. */
		String key() {
			return (job.idempotencyKey() != null) ? JobSubmissions.keyOf(job.createdBy(), job.idempotencyKey()) : null;
		}

		boolean countsAgainstLimit() {
			return limited && activeLimit > 0;
		}

		String ownerAndType() {
			return job.createdBy() + '\u0000' + job.type();
		}

		boolean needsTransaction() {
			return job.idempotencyKey() != null || countsAgainstLimit() || !dependsOn.isEmpty();
		}

	}

	/** The job stored with the submitter's trace context; unchanged without one (no tracer). */
	private static Prepared traced(Prepared prepared, String traceContext) {
		return (traceContext == null) ? prepared : prepared.withJob(prepared.job().tracedBy(traceContext));
	}

	Prepared prepare(String type, Object payload, SubmitOptions options) {
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
		for (int k = 0; k < opts.dependsOn().size(); k++) {
			if (opts.dependsOn().get(k) == null) {
				throw new InvalidWorkflowException("dependsOn[" + k + "]", "is null; name a job's id");
			}
		}
		return new Prepared(job, jobType.settings().maxActivePerUser(), named, opts.dependsOn(), "");
	}

	private Submission insertOrReplay(JobStore target, Prepared prepared) {
		if (!prepared.dependsOn().isEmpty()) {
			return insertMany(target, List.of(prepared), false).get(0).get();
		}
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
			if (inserted.get().due() && row.status() == JobStatus.PENDING) {
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
	public BatchSubmission submitBatch(BatchRequest batch) {
		try (JobTracing.Traced traced = metrics.tracing().submitting("batch", batch.members().size())) {
			return together.submitBatch(batch);
		}
	}

	@Override
	public WorkflowSubmission submitWorkflow(WorkflowRequest workflow) {
		try (JobTracing.Traced traced = metrics.tracing().submitting("workflow", workflow.steps().size())) {
			return together.submitWorkflow(workflow);
		}
	}

	/**
	 * Adds a member to a batch within the transaction on {@code target} that records the success of the member
	 * asking: see {@link dev.jobs.core.JobContext#addToBatch}.
	 */
	public Submission addToBatchWithin(JobStore target, UUID batchId, String type, Object payload,
			SubmitOptions options, String traceContext) {
		Prepared prepared = prepare(type, payload, options);
		return together.addToBatchWithin(target, batchId, (traceContext != null) ? traced(prepared, traceContext)
				: prepared);
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
			endings.retried(store, id, current.status());
			dispatcher.dispatchAfterCommit(List.of(retried.message()));
			return retried;
		});
		return queries.view(row);
	}

}
