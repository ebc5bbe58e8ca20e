package dev.jobs.core.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.BatchCallback;
import dev.jobs.core.BatchClosedException;
import dev.jobs.core.BatchRequest;
import dev.jobs.core.BatchSubmission;
import dev.jobs.core.IdempotencyConflictException;
import dev.jobs.core.InvalidJobPayloadException;
import dev.jobs.core.InvalidWorkflowException;
import dev.jobs.core.JobClient.JobRequest;
import dev.jobs.core.JobClient.Submission;
import dev.jobs.core.SubmitOptions;
import dev.jobs.core.WorkflowRequest;
import dev.jobs.core.WorkflowSubmission;

/**
 * Submissions of jobs that belong together: a batch (members and callbacks) and a workflow (steps that wait for
 * each other), each all or none in one transaction (the caller's, if there is one), and members added to a batch by
 * a member as it succeeds. The jobs themselves are submitted as {@link DefaultJobClient#submitAll} submits them:
 * the same checks, limits and statements.
 */
final class GroupSubmissions {

	/** The longest description of a batch. */
	static final int MAX_DESCRIPTION = 500;

	private final DefaultJobClient client;

	private final ApplicationJobStore store;

	GroupSubmissions(DefaultJobClient client, ApplicationJobStore store) {
		this.client = client;
		this.store = store;
	}

	// ---- batches -----------------------------------------------------------------------------------

	BatchSubmission submitBatch(BatchRequest batch) {
		if (batch.members().isEmpty()) {
			throw new IllegalArgumentException("members: a batch needs at least one member");
		}
		if (batch.members().size() > BatchRequest.MAX_MEMBERS) {
			throw new IllegalArgumentException("members: at most " + BatchRequest.MAX_MEMBERS + " per batch, was "
					+ batch.members().size() + "; add more from inside members, or submit several batches");
		}
		if (batch.description() != null && batch.description().length() > MAX_DESCRIPTION) {
			throw new IllegalArgumentException("description: at most " + MAX_DESCRIPTION + " characters, was "
					+ batch.description().length());
		}
		UUID batchId = JobIds.next();
		List<DefaultJobClient.Prepared> members = prepareAll(i -> "members[" + i + "].", batch.members(),
				batch.createdBy());
		List<BatchCallback> kinds = new ArrayList<>(batch.callbacks().keySet());
		List<JobRequest> callbackRequests = kinds.stream().map(k -> batch.callbacks().get(k)).toList();
		List<DefaultJobClient.Prepared> callbacks = new ArrayList<>(prepareAll(
				i -> "callbacks." + callbackField(kinds.get(i)) + ".", callbackRequests, batch.createdBy()));
		for (int i = 0; i < callbacks.size(); i++) {
			// A callback waits for its batch, whatever else it waits for.
			callbacks.set(i, callbacks.get(i).withJob(callbacks.get(i).job().awaiting(true)));
		}
		List<DefaultJobClient.Prepared> inBatch = new ArrayList<>(members.size());
		for (int i = 0; i < members.size(); i++) {
			inBatch.add(members.get(i).withJob(members.get(i).job().inBatch(batchId, BatchRows.shardOf(i))));
		}
		String createdBy = (batch.createdBy() != null && !batch.createdBy().isBlank()) ? batch.createdBy()
				: DefaultJobClient.SYSTEM;
		return store.transaction().execute(status -> {
			List<Submission> memberJobs = created("members", client.insertMany(store, inBatch, false));
			List<Submission> callbackJobs = created("callbacks", client.insertMany(store, callbacks, false));
			store.batches().insert(batchId, batch.description(), createdBy, batch.sealed(),
					BatchRows.countByShard(inBatch.stream().map(p -> p.job().batchShard()).toList()));
			Map<BatchCallback, UUID> callbackIds = new EnumMap<>(BatchCallback.class);
			for (int i = 0; i < kinds.size(); i++) {
				callbackIds.put(kinds.get(i), callbackJobs.get(i).id());
			}
			store.batches().insertCallbacks(batchId, callbackIds);
			return new BatchSubmission(batchId, memberJobs, callbackIds);
		});
	}

	/**
	 * Adds a member to a batch in the transaction that records the success of the member asking (on
	 * {@code target}, the engine's store): counted before that member's own end, so the batch cannot complete
	 * in between.
	 * @throws BatchClosedException if the batch is sealed or cancelled
	 */
	Submission addToBatchWithin(JobStore target, UUID batchId, DefaultJobClient.Prepared prepared) {
		// A shard at random: members added by members come one at a time, from anywhere in the batch.
		int shard = java.util.concurrent.ThreadLocalRandom.current().nextInt(BatchRows.SHARDS);
		Submission added = created("addToBatch", client.insertMany(target,
				List.of(prepared.withJob(prepared.job().inBatch(batchId, shard))), false)).get(0);
		target.batches().addMembers(batchId, BatchRows.countByShard(List.of(shard)));
		BatchRows.BatchRow batch = target.batches().lock(batchId)
			.orElseThrow(() -> new BatchClosedException(batchId, "it was deleted"));
		if (batch.sealed() || batch.cancelledAt() != null) {
			throw new BatchClosedException(batchId, batch.sealed() ? "it is sealed" : "it was cancelled");
		}
		return added;
	}

	// ---- workflows ---------------------------------------------------------------------------------

	WorkflowSubmission submitWorkflow(WorkflowRequest workflow) {
		List<WorkflowRequest.Step> steps = workflow.steps();
		if (steps.isEmpty()) {
			throw new InvalidWorkflowException("steps", "a workflow needs at least one step");
		}
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < steps.size(); i++) {
			String name = steps.get(i).name();
			if (name == null || name.isBlank() || name.length() > 100) {
				throw new InvalidWorkflowException("steps[" + i + "].name", "a step needs a name of 1 to 100 characters");
			}
			if (index.putIfAbsent(name, i) != null) {
				throw new InvalidWorkflowException(stepField(i, name), "the name is used by steps[" + index.get(name)
						+ "] too; each step needs a name of its own");
			}
		}
		for (int i = 0; i < steps.size(); i++) {
			for (String after : steps.get(i).after()) {
				if (!index.containsKey(after)) {
					throw new InvalidWorkflowException(stepField(i, steps.get(i).name()),
							"comes after \"" + after + "\", which is not a step of this workflow; the steps are "
									+ index.keySet());
				}
			}
		}
		refuseCycles(steps, index);
		List<DefaultJobClient.Prepared> prepared = prepareAll(i -> stepField(i, steps.get(i).name()) + ".",
				steps.stream().map(WorkflowRequest.Step::job).toList(), null);
		for (int i = 0; i < steps.size(); i++) {
			WorkflowRequest.Step step = steps.get(i);
			DefaultJobClient.Prepared p = prepared.get(i);
			prepared.set(i, p.withJob(p.job().asStep(step.name()).awaiting(!step.after().isEmpty())));
		}
		return store.transaction().execute(status -> {
			List<Submission> jobs = created("steps", client.insertMany(store, prepared, false));
			List<AwaitingJobs.Edge> edges = new ArrayList<>();
			Set<UUID> dependedUpon = new LinkedHashSet<>();
			for (int i = 0; i < steps.size(); i++) {
				for (String after : steps.get(i).after()) {
					UUID dependency = jobs.get(index.get(after)).id();
					edges.add(new AwaitingJobs.Edge(jobs.get(i).id(), dependency, steps.get(i).runAnyway()));
					dependedUpon.add(dependency);
				}
			}
			store.awaiting().markDependedUpon(dependedUpon);
			store.awaiting().insertEdges(edges);
			Map<String, Submission> byName = new LinkedHashMap<>();
			for (int i = 0; i < steps.size(); i++) {
				byName.put(steps.get(i).name(), jobs.get(i));
			}
			return new WorkflowSubmission(byName);
		});
	}

	/** Kahn's algorithm: what is left once every step without a step before it is taken away is a cycle. */
	private static void refuseCycles(List<WorkflowRequest.Step> steps, Map<String, Integer> index) {
		int[] waitingFor = new int[steps.size()];
		List<List<Integer>> next = new ArrayList<>();
		steps.forEach(s -> next.add(new ArrayList<>()));
		for (int i = 0; i < steps.size(); i++) {
			for (String after : new LinkedHashSet<>(steps.get(i).after())) {
				waitingFor[i]++;
				next.get(index.get(after)).add(i);
			}
		}
		Deque<Integer> free = new ArrayDeque<>();
		for (int i = 0; i < steps.size(); i++) {
			if (waitingFor[i] == 0) {
				free.add(i);
			}
		}
		int taken = 0;
		while (!free.isEmpty()) {
			int i = free.poll();
			taken++;
			for (int j : next.get(i)) {
				if (--waitingFor[j] == 0) {
					free.add(j);
				}
			}
		}
		if (taken < steps.size()) {
			for (int i = 0; i < steps.size(); i++) {
				if (waitingFor[i] > 0) {
					throw new InvalidWorkflowException(stepField(i, steps.get(i).name()),
							"is part of a cycle: it waits, through the steps it comes after, for itself");
				}
			}
		}
	}

	// ---- shared ------------------------------------------------------------------------------------

	private static String stepField(int i, String name) {
		return "steps[" + i + "] (" + name + ")";
	}

	private static String callbackField(BatchCallback kind) {
		return switch (kind) {
			case ON_SUCCESS -> "onSuccess";
			case ON_COMPLETE -> "onComplete";
			case ON_FAILURE -> "onFailure";
		};
	}

	/** Prepares jobs, collecting every payload error under its field ({@code members[3].payload.x}). */
	private List<DefaultJobClient.Prepared> prepareAll(java.util.function.IntFunction<String> fieldOf,
			List<JobRequest> requests, String createdBy) {
		List<DefaultJobClient.Prepared> prepared = new ArrayList<>(requests.size());
		List<InvalidJobPayloadException.FieldError> errors = new ArrayList<>();
		Set<String> types = new LinkedHashSet<>();
		for (int i = 0; i < requests.size(); i++) {
			JobRequest request = requests.get(i);
			String field = fieldOf.apply(i);
			if (request == null) {
				throw new IllegalArgumentException(field + " is null");
			}
			try {
				prepared.add(prepareOne(field, request, createdBy).named(field));
			}
			catch (InvalidJobPayloadException ex) {
				types.add(request.type());
				ex.errors().forEach(e -> errors.add(new InvalidJobPayloadException.FieldError(field + e.field(), e.reason())));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidJobPayloadException(String.join(", ", types), errors);
		}
		return prepared;
	}

	private DefaultJobClient.Prepared prepareOne(String field, JobRequest request, String createdBy) {
		SubmitOptions options = (request.options() != null) ? request.options() : SubmitOptions.defaults();
		if (options.createdBy() == null && createdBy != null) {
			options = options.withCreatedBy(createdBy);
		}
		try {
			return client.prepare(request.type(), request.payload(), options);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(field + " " + ex.getMessage(), ex);
		}
	}

	/**
	 * The submissions, each a new job: one that replayed an earlier job through its idempotency key would not
	 * belong to this batch or workflow, so it fails the whole submission.
	 */
	private static List<Submission> created(String list, List<GroupCommit.Outcome<Submission>> outcomes) {
		List<Submission> result = new ArrayList<>(outcomes.size());
		for (int i = 0; i < outcomes.size(); i++) {
			Submission s = outcomes.get(i).get();
			if (!s.created()) {
				throw new IdempotencyConflictException(s.job().idempotencyKey(), s.id(),
						list + "[" + i + "]: its idempotency key '" + s.job().idempotencyKey() + "' was used by an earlier job, which cannot join a new batch or"
								+ " workflow; use a new key");
			}
			result.add(s);
		}
		return result;
	}

}
