package dev.jobs.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.WorkflowView;

/**
 * A job's workflow as the job page draws it: the steps ordered by depth (a step comes after every step it waits
 * for), each with the steps it waits for, and a layout for an inline SVG (one column per depth, left to right).
 * A pure function of the core's {@link WorkflowView}, so it is tested without a database.
 *
 * @param steps by depth, then by label
 * @param edges every dependency, as drawn
 * @param width the drawing's width in pixels
 * @param height the drawing's height in pixels
 */
record WorkflowGraph(List<Step> steps, List<Edge> edges, int width, int height) {

	static final int NODE_WIDTH = 180;

	static final int NODE_HEIGHT = 44;

	static final int COLUMN_GAP = 60;

	static final int ROW_GAP = 16;

	static final int MARGIN = 8;

	/**
	 * One step, placed.
	 * @param label the step's name, or its type and short id when it was submitted with {@code dependsOn}
	 * @param current whether this is the job whose page shows the graph
	 * @param waitsFor the steps it waits for, as "charge" or "charge (runs anyway)"
	 * @param x left edge in the drawing
	 * @param y top edge in the drawing
	 */
	record Step(UUID jobId, String label, String type, JobStatus status, String reason, int depth, boolean current,
			List<String> waitsFor, int x, int y) {

		/** The step's status as a CSS class of its box. */
		public String statusClass() {
			return (status == null) ? "UNKNOWN" : status.name();
		}

		public String shortId() {
			return jobId.toString().substring(0, 8);
		}

	}

	/**
	 * One dependency as drawn: from the right edge of {@code dependsOn}'s box to the left edge of {@code job}'s.
	 * @param sentence e.g. "ship waits for charge"
	 */
	record Edge(UUID job, UUID dependsOn, boolean runAnyway, String sentence, String path) {
	}

	/** Whether the job has dependencies or dependents: a workflow of one is not drawn. */
	boolean connected() {
		return steps.size() > 1;
	}

	static WorkflowGraph of(WorkflowView view, UUID currentJob) {
		Map<UUID, WorkflowView.Step> byId = new LinkedHashMap<>();
		view.steps().forEach(s -> byId.put(s.jobId(), s));
		Map<UUID, List<WorkflowView.Edge>> dependencies = new HashMap<>();
		for (WorkflowView.Edge edge : view.edges()) {
			if (byId.containsKey(edge.job()) && byId.containsKey(edge.dependsOn())) {
				dependencies.computeIfAbsent(edge.job(), k -> new ArrayList<>()).add(edge);
			}
		}
		Map<UUID, Integer> depths = new HashMap<>();
		byId.keySet().forEach(id -> depth(id, dependencies, depths, new java.util.HashSet<>()));
		Map<UUID, String> labels = new HashMap<>();
		byId.values().forEach(s -> labels.put(s.jobId(), label(s)));

		List<WorkflowView.Step> ordered = new ArrayList<>(byId.values());
		ordered.sort(Comparator.comparing((WorkflowView.Step s) -> depths.get(s.jobId()))
			.thenComparing(s -> labels.get(s.jobId()).toLowerCase(Locale.ROOT)));
		Map<Integer, Integer> rows = new HashMap<>();
		Map<UUID, Step> placed = new LinkedHashMap<>();
		int maxRow = 0;
		int maxDepth = 0;
		for (WorkflowView.Step s : ordered) {
			int depth = depths.get(s.jobId());
			int row = rows.merge(depth, 1, Integer::sum) - 1;
			maxRow = Math.max(maxRow, row);
			maxDepth = Math.max(maxDepth, depth);
			List<String> waitsFor = dependencies.getOrDefault(s.jobId(), List.of())
				.stream()
				.map(e -> labels.get(e.dependsOn()) + (e.runAnyway() ? " (runs anyway)" : ""))
				.sorted()
				.toList();
			placed.put(s.jobId(), new Step(s.jobId(), labels.get(s.jobId()), s.type(), s.status(), s.reason(), depth,
					s.jobId().equals(currentJob), waitsFor, MARGIN + depth * (NODE_WIDTH + COLUMN_GAP),
					MARGIN + row * (NODE_HEIGHT + ROW_GAP)));
		}
		List<Edge> edges = new ArrayList<>();
		for (Step step : placed.values()) {
			for (WorkflowView.Edge e : dependencies.getOrDefault(step.jobId(), List.of())) {
				Step before = placed.get(e.dependsOn());
				edges.add(new Edge(e.job(), e.dependsOn(), e.runAnyway(),
						step.label() + " waits for " + before.label() + (e.runAnyway() ? " (runs anyway)" : ""),
						path(before, step)));
			}
		}
		int width = 2 * MARGIN + (maxDepth + 1) * NODE_WIDTH + maxDepth * COLUMN_GAP;
		int height = 2 * MARGIN + (maxRow + 1) * NODE_HEIGHT + maxRow * ROW_GAP;
		return new WorkflowGraph(List.copyOf(placed.values()), List.copyOf(edges), width, height);
	}

	/**
	 * The longest chain of dependencies below a step; the core refuses cycles, but a step met again on the current
	 * chain is taken as a root rather than looping, so a page never hangs on bad data.
	 */
	private static int depth(UUID id, Map<UUID, List<WorkflowView.Edge>> dependencies, Map<UUID, Integer> depths,
			java.util.Set<UUID> chain) {
		Integer known = depths.get(id);
		if (known != null) {
			return known;
		}
		if (!chain.add(id)) {
			return 0;
		}
		int depth = 0;
		for (WorkflowView.Edge e : dependencies.getOrDefault(id, List.of())) {
			depth = Math.max(depth, 1 + depth(e.dependsOn(), dependencies, depths, chain));
		}
		chain.remove(id);
		depths.put(id, depth);
		return depth;
	}

	private static String label(WorkflowView.Step step) {
		return (step.name() != null && !step.name().isBlank()) ? step.name()
				: step.type() + " " + step.jobId().toString().substring(0, 8);
	}

	/** A curve from the middle of one box's right edge to the middle of the other's left edge. */
	private static String path(Step from, Step to) {
		int x1 = from.x() + NODE_WIDTH;
		int y1 = from.y() + NODE_HEIGHT / 2;
		int x2 = to.x();
		int y2 = to.y() + NODE_HEIGHT / 2;
		int bend = Math.max(20, (x2 - x1) / 2);
		return "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 + " " + x2 + ","
				+ y2;
	}

}
