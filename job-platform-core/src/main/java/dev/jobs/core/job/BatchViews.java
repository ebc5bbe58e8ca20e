package dev.jobs.core.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.jobs.core.BatchStatus;
import dev.jobs.core.BatchView;
import dev.jobs.core.Batches;
import dev.jobs.core.JobNotFoundException;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;
import dev.jobs.core.WorkflowView;


/**
 * Reads of batches and workflows on one store: the API's (application store) and a running handler's
 * ({@link dev.jobs.core.JobContext#batch()}, on the engine's store).
 */
public final class BatchViews {

	/** The most jobs a workflow view shows: a graph larger than this is cut, and says so with its size. */
	static final int MAX_WORKFLOW_STEPS = 500;

	private final JobStore store;

	private final JobQueries queries;

	public BatchViews(JobStore store, Payloads payloads) {
		this.store = store;
		this.queries = new JobQueries(store.reads(), payloads);
	}

	public Optional<BatchView> find(UUID id) {
		return store.batches().find(id).map(this::view);
	}

	public Optional<UUID> batchOf(UUID jobId) {
		return store.batches().batchOf(jobId);
	}

	public Batches.Page<JobView> members(UUID batchId, JobStatus status, int page, int size) {
		checkPage(page, size);
		List<JobView> items = store.batches().members(batchId, status, size, (long) page * size).stream()
			.map(queries::view)
			.toList();
		return new Batches.Page<>(items, page, size, store.batches().countMembers(batchId, status));
	}

	Batches.Page<BatchView> list(BatchStatus status, String createdBy, int page, int size) {
		checkPage(page, size);
		String s = (status != null) ? status.name() : null;
		List<BatchView> items = store.batches().list(s, createdBy, size, (long) page * size).stream()
			.map(this::view)
			.toList();
		return new Batches.Page<>(items, page, size, store.batches().count(s, createdBy));
	}

	BatchView view(BatchRows.BatchRow row) {
		BatchRows.Counts counts = store.batches().counts(row.id());
		long running = (row.completedAt() == null) ? store.batches().countRunning(row.id()) : 0;
		long ended = counts.succeeded() + counts.failed() + counts.cancelled();
		BatchStatus status = (row.cancelledAt() != null) ? BatchStatus.CANCELLED
				: (row.completedAt() == null) ? BatchStatus.RUNNING
						: (counts.failed() + counts.cancelled() == 0) ? BatchStatus.SUCCEEDED : BatchStatus.FAILED;
		List<BatchView.Callback> callbacks = store.batches().callbacks(row.id()).values().stream()
			.map(c -> new BatchView.Callback(c.kind(), c.jobId(), c.type(), c.status()))
			.toList();
		return new BatchView(row.id(), row.description(), row.createdBy(), status, row.sealed(), counts.members(),
				Math.max(0, counts.members() - ended - running), running, counts.succeeded(), counts.failed(),
				counts.cancelled(), row.createdAt(), row.completedAt(), row.cancelledAt(), callbacks);
	}

	/** Every job connected to {@code jobId} through dependencies, both ways, with the edges. */
	WorkflowView workflow(UUID jobId) {
		if (store.reads().find(jobId).isEmpty()) {
			throw new JobNotFoundException(jobId);
		}
		Set<UUID> seen = new LinkedHashSet<>(List.of(jobId));
		Set<AwaitingJobs.Edge> edges = new LinkedHashSet<>();
		Deque<UUID> frontier = new ArrayDeque<>(List.of(jobId));
		while (!frontier.isEmpty() && seen.size() < MAX_WORKFLOW_STEPS) {
			List<UUID> round = new ArrayList<>(frontier);
			frontier.clear();
			for (AwaitingJobs.Edge e : store.awaiting().edgesOf(round)) {
				edges.add(e);
				for (UUID id : List.of(e.job(), e.dependsOn())) {
					if (seen.size() < MAX_WORKFLOW_STEPS && seen.add(id)) {
						frontier.add(id);
					}
				}
			}
		}
		Map<UUID, WorkflowView.Step> steps = new LinkedHashMap<>();
		store.awaiting().stepsOf(seen).forEach(s -> steps.put(s.jobId(), s));
		List<WorkflowView.Step> ordered = new ArrayList<>();
		for (UUID id : seen) {
			WorkflowView.Step step = steps.get(id);
			if (step != null) {
				ordered.add((step.status() == JobStatus.AWAITING) ? new WorkflowView.Step(step.jobId(), step.name(),
						step.type(), step.status(), waitsFor(id, edges, steps)) : step);
			}
		}
		List<WorkflowView.Edge> edgeViews = edges.stream()
			.filter(e -> steps.containsKey(e.job()) && steps.containsKey(e.dependsOn()))
			.map(e -> new WorkflowView.Edge(e.job(), e.dependsOn(), e.runAnyway()))
			.toList();
		return new WorkflowView(ordered, edgeViews);
	}

	private static String waitsFor(UUID id, Set<AwaitingJobs.Edge> edges, Map<UUID, WorkflowView.Step> steps) {
		List<String> pending = new ArrayList<>();
		for (AwaitingJobs.Edge e : edges) {
			WorkflowView.Step dependency = steps.get(e.dependsOn());
			if (e.job().equals(id) && dependency != null && dependency.status() != JobStatus.SUCCEEDED) {
				pending.add(((dependency.name() != null) ? dependency.name() : dependency.jobId().toString()) + " ("
						+ dependency.status() + ")");
			}
		}
		return pending.isEmpty() ? "Waits to be released" : "Waits for " + String.join(", ", pending);
	}

	private static void checkPage(int page, int size) {
		if (page < 0) {
			throw new IllegalArgumentException("page: must be 0 or more, was " + page);
		}
		if (size < 1 || size > 1000) {
			throw new IllegalArgumentException("size: must be between 1 and 1000, was " + size);
		}
	}


}
