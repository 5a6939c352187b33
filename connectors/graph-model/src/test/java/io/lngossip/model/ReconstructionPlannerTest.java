package io.lngossip.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lngossip.model.ReconstructionPlanner.CheckpointInfo;
import io.lngossip.model.ReconstructionPlanner.DeltaSegment;
import io.lngossip.model.ReconstructionPlanner.Plan;
import io.lngossip.model.ReconstructionPlanner.PlanException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconstructionPlannerTest {
    static final List<DeltaSegment> ALL = List.of(new DeltaSegment(ReconstructionPlanner.BEGINNING, 10_000));

    @Test
    void shouldPickTheNewestCompleteCheckpointAtOrBeforeTheTarget() {
        List<CheckpointInfo> checkpoints = List.of(new CheckpointInfo(3600, true), new CheckpointInfo(7200, true),
                new CheckpointInfo(10_800, true));
        assertThat(ReconstructionPlanner.plan(7200, checkpoints, ALL)).isEqualTo(new Plan(7200, 7200L, 7200));
        assertThat(ReconstructionPlanner.plan(7199, checkpoints, ALL)).isEqualTo(new Plan(7199, 3600L, 3600));
        assertThat(ReconstructionPlanner.plan(9000, checkpoints, ALL)).isEqualTo(new Plan(9000, 7200L, 7200));
    }

    @Test
    void shouldSkipIncompleteCheckpoints() {
        List<CheckpointInfo> checkpoints = List.of(new CheckpointInfo(3600, true), new CheckpointInfo(7200, false));
        assertThat(ReconstructionPlanner.plan(8000, checkpoints, ALL).checkpoint()).isEqualTo(3600L);
    }

    @Test
    void shouldReplayFromTheBeginningWithoutACheckpoint() {
        Plan plan = ReconstructionPlanner.plan(100, List.of(new CheckpointInfo(3600, true)), ALL);
        assertThat(plan.checkpoint()).isNull();
        assertThat(plan.deltasFromExclusive()).isEqualTo(ReconstructionPlanner.BEGINNING);
    }

    @Test
    void shouldAcceptContiguousSegmentsAndRefuseAGap() {
        List<CheckpointInfo> checkpoints = List.of(new CheckpointInfo(3600, true));
        List<DeltaSegment> contiguous = List.of(new DeltaSegment(5000, 6000), new DeltaSegment(3000, 5000));
        assertThat(ReconstructionPlanner.plan(6000, checkpoints, contiguous).checkpoint()).isEqualTo(3600L);
        List<DeltaSegment> gap = List.of(new DeltaSegment(3000, 4000), new DeltaSegment(4500, 6000));
        assertThatThrownBy(() -> ReconstructionPlanner.plan(6000, checkpoints, gap))
                .isInstanceOf(PlanException.class)
                .satisfies(e -> assertThat(((PlanException) e).kind()).isEqualTo(PlanException.Kind.DELTAS_MISSING))
                .hasMessageContaining("after 4000");
        assertThatThrownBy(() -> ReconstructionPlanner.plan(20_000, checkpoints, contiguous))
                .isInstanceOf(PlanException.class).hasMessageContaining("up to 20000");
    }

    @Test
    void shouldNameTheBrokenInvariant() {
        Plan afterTarget = new Plan(100, 200L, 200);
        assertThatThrownBy(() -> ReconstructionPlanner.validateCheckpointNotAfterTarget(afterTarget))
                .satisfies(e -> assertThat(((PlanException) e).kind())
                        .isEqualTo(PlanException.Kind.CHECKPOINT_AFTER_TARGET));
        Plan incomplete = new Plan(300, 200L, 200);
        assertThatThrownBy(() -> ReconstructionPlanner.validateCheckpointComplete(incomplete,
                List.of(new CheckpointInfo(200, false))))
                .satisfies(e -> assertThat(((PlanException) e).kind())
                        .isEqualTo(PlanException.Kind.CHECKPOINT_INCOMPLETE));
        assertThatThrownBy(() -> ReconstructionPlanner.validateNoNewerCompleteCheckpoint(incomplete,
                List.of(new CheckpointInfo(250, true))))
                .satisfies(e -> assertThat(((PlanException) e).kind())
                        .isEqualTo(PlanException.Kind.NEWER_CHECKPOINT_SKIPPED));
    }
}
