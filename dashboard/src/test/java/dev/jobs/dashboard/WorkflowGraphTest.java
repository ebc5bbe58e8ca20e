package dev.jobs.dashboard;

import java.util.List;
import java.util.UUID;

import dev.jobs.core.JobStatus;
import dev.jobs.core.WorkflowView;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkflowGraphTest {

	private final UUID charge = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	private final UUID ship = UUID.fromString("00000000-0000-0000-0000-00000000000b");

	private final UUID notify = UUID.fromString("00000000-0000-0000-0000-00000000000c");

	private final UUID audit = UUID.fromString("00000000-0000-0000-0000-00000000000d");

	/** charge → ship → notify, and audit after charge, running anyway; listed out of order on purpose. */
	private WorkflowView order() {
		return new WorkflowView(
				List.of(new WorkflowView.Step(notify, "notify", "NOOP", JobStatus.AWAITING, "waits for ship"),
						new WorkflowView.Step(audit, "audit", "NOOP", JobStatus.SUCCEEDED, null),
						new WorkflowView.Step(ship, "ship", "NOOP", JobStatus.RUNNING, null),
						new WorkflowView.Step(charge, "charge", "NOOP", JobStatus.SUCCEEDED, null)),
				List.of(new WorkflowView.Edge(ship, charge, false), new WorkflowView.Edge(notify, ship, false),
						new WorkflowView.Edge(audit, charge, true)));
	}

	@Test
	void stepsComeAfterEveryStepTheyWaitFor() {
		WorkflowGraph graph = WorkflowGraph.of(order(), ship);

		assertThat(graph.connected()).isTrue();
		assertThat(graph.steps()).extracting(WorkflowGraph.Step::label)
			.containsExactly("charge", "audit", "ship", "notify");
		assertThat(graph.steps()).extracting(WorkflowGraph.Step::depth).containsExactly(0, 1, 1, 2);
		assertThat(graph.steps()).filteredOn(WorkflowGraph.Step::current)
			.extracting(WorkflowGraph.Step::jobId)
			.containsExactly(ship);
	}

	@Test
	void edgesReadAsSentencesAndMarkTheStepsThatRunAnyway() {
		WorkflowGraph graph = WorkflowGraph.of(order(), charge);

		assertThat(graph.edges()).extracting(WorkflowGraph.Edge::sentence)
			.containsExactlyInAnyOrder("ship waits for charge", "notify waits for ship",
					"audit waits for charge (runs anyway)");
		WorkflowGraph.Step audited = graph.steps().stream().filter(s -> s.jobId().equals(audit)).findFirst().orElseThrow();
		assertThat(audited.waitsFor()).containsExactly("charge (runs anyway)");
		WorkflowGraph.Step notified = graph.steps().stream().filter(s -> s.jobId().equals(notify)).findFirst().orElseThrow();
		assertThat(notified.reason()).isEqualTo("waits for ship");
	}

	@Test
	void eachDepthIsAColumnAndEveryEdgeRunsLeftToRight() {
		WorkflowGraph graph = WorkflowGraph.of(order(), charge);

		for (WorkflowGraph.Step step : graph.steps()) {
			assertThat(step.x()).isEqualTo(WorkflowGraph.MARGIN
					+ step.depth() * (WorkflowGraph.NODE_WIDTH + WorkflowGraph.COLUMN_GAP));
			assertThat(step.x() + WorkflowGraph.NODE_WIDTH).isLessThanOrEqualTo(graph.width());
			assertThat(step.y() + WorkflowGraph.NODE_HEIGHT).isLessThanOrEqualTo(graph.height());
		}
		// Two steps at depth 1 (audit, ship): the drawing is two rows high and three columns wide.
		assertThat(graph.height()).isEqualTo(2 * WorkflowGraph.MARGIN + 2 * WorkflowGraph.NODE_HEIGHT + WorkflowGraph.ROW_GAP);
		assertThat(graph.width()).isEqualTo(2 * WorkflowGraph.MARGIN + 3 * WorkflowGraph.NODE_WIDTH + 2 * WorkflowGraph.COLUMN_GAP);
		assertThat(graph.edges()).allSatisfy(e -> assertThat(e.path()).startsWith("M"));
	}

	@Test
	void stepsWithoutNamesAreLabelledByTypeAndShortId() {
		WorkflowView view = new WorkflowView(
				List.of(new WorkflowView.Step(charge, null, "SLEEP", JobStatus.SUCCEEDED, null),
						new WorkflowView.Step(ship, null, "NOOP", JobStatus.PENDING, null)),
				List.of(new WorkflowView.Edge(ship, charge, false)));

		WorkflowGraph graph = WorkflowGraph.of(view, ship);

		assertThat(graph.edges().get(0).sentence()).isEqualTo("NOOP 00000000 waits for SLEEP 00000000");
	}

	@Test
	void aJobWithoutDependenciesIsNotAGraph() {
		WorkflowView alone = new WorkflowView(List.of(new WorkflowView.Step(charge, null, "NOOP", JobStatus.QUEUED, null)),
				List.of());

		assertThat(WorkflowGraph.of(alone, charge).connected()).isFalse();
	}

	@Test
	void aCycleInTheDataDoesNotHangThePage() {
		WorkflowView cycle = new WorkflowView(
				List.of(new WorkflowView.Step(charge, "a", "NOOP", JobStatus.AWAITING, null),
						new WorkflowView.Step(ship, "b", "NOOP", JobStatus.AWAITING, null)),
				List.of(new WorkflowView.Edge(ship, charge, false), new WorkflowView.Edge(charge, ship, false)));

		assertThat(WorkflowGraph.of(cycle, charge).steps()).hasSize(2);
	}

}
