package io.archlab.app.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.archlab.agent.RunConfig;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.TrialRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the overview digests from a run's trials: here, whether its compared figures had equal compute. */
class RunSnapshotTest {
    static final Instant T = Instant.parse("2026-12-05T12:00:00Z");

    static TrialRecord trial(int ordinal, int fidelity, String outcome, long steps) {
        return new TrialRecord("t" + ordinal, "r", "c" + ordinal, ordinal, ordinal, 10, outcome, null, null, 0.8,
                0.4, 1.0, steps, 9.0, 10.0, 100.0, "[]", null, null, null, fidelity, null, T, T);
    }

    static RunSnapshot of(List<TrialRecord> trials) {
        RunRecord run = new RunRecord("r", "fashion-mnist", RunState.COMPLETED, 1, RunConfig.defaults().toJson(), "{}",
                "subset", "{}", null, null, 1000, T, T);
        return RunSnapshot.of(run, "f", List.of(), trials);
    }

    @Test
    void should_warn_when_trials_of_one_fidelity_trained_different_steps_and_not_across_fidelities() {
        assertNull(of(List.of(trial(0, 0, "succeeded", 600), trial(1, 0, "succeeded", 600),
                trial(2, 1, "succeeded", 1_200), trial(3, 2, "succeeded", 2_400), trial(4, 0, "pruned", 200)))
                .computeWarning, "each fidelity alike; a pruned screening is no figure compared");
        assertEquals("Compared figures were trained with different compute (screenings trained 450 to 2,600 "
                + "steps; final trials trained 2,400 to 2,500 steps): a difference between them may be the "
                + "compute's, not the architecture's.", of(List.of(trial(0, 0, "succeeded", 450),
                trial(1, 0, "succeeded", 2_600), trial(2, 1, "succeeded", 900), trial(3, 2, "succeeded", 2_400),
                trial(4, 2, "succeeded", 2_500))).computeWarning);
    }

    @Test
    void should_keep_final_trials_apart_from_the_search() {
        RunSnapshot s = of(List.of(trial(0, 0, "succeeded", 600), trial(1, 2, "succeeded", 2_400),
                trial(2, 2, "diverged", 100)));
        assertEquals(List.of("t1", "t2"), s.finalTrials.stream().map(TrialRecord::id).toList());
    }
}
