package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.train.TrialRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The final training's settings and its finalists, as pure functions of the stored run. */
class FinalTrainingTest {
    static final RunConfig CONFIG = SchedulerTest.CONFIG.withFinal(new RunConfig.Final(2, 3, 4,
            new TrialRequest.Recipe(2, true, 0.1f)));

    @Test
    void should_store_the_final_training_with_the_run_and_read_a_run_stored_before_it_as_none() throws Exception {
        assertEquals(CONFIG, RunConfig.fromJson(CONFIG.toJson()));
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(CONFIG.toJson());
        assertTrue(json.has("finalTraining"), json.toString());
        String old = json.without("finalTraining").toString();
        assertEquals(RunConfig.Final.OFF, RunConfig.fromJson(old).finalTraining());
        assertFalse(RunConfig.fromJson(old).finalTraining().on());
    }

    @Test
    void should_give_each_task_its_own_recipe_and_nb201_none() {
        RunConfig.Evaluation ev = new RunConfig.Evaluation(3, 3, 6, 2, 0);
        assertEquals(new RunConfig.Final(2, 3, 4, new TrialRequest.Recipe(2, true, 0.1f)),
                RunConfig.Final.defaults("fashion-mnist", ev));
        assertEquals(new TrialRequest.Recipe(4, true, 0.1f), RunConfig.Final.defaults("cifar10", ev).recipe());
        for (String task : List.of("mqar", "text", "csv")) {
            assertEquals(new TrialRequest.Recipe(0, false, 0.1f), RunConfig.Final.defaults(task, ev).recipe(), task);
        }
        assertEquals(RunConfig.Final.OFF, RunConfig.Final.defaults("nb201", ev));
        assertEquals(5, RunConfig.Final.defaults("csv", new RunConfig.Evaluation(5, 3, 6, 2, 0)).seeds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunConfig.defaults().withTaskAndSeed("nb201", 1).withFinal(CONFIG.finalTraining()));
        assertTrue(e.getMessage().contains("nb201"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RunConfig.Final(2, 0, 2, null));
        assertThrows(IllegalArgumentException.class, () -> new RunConfig.Final(2, 3, 0, null));
    }

    @Test
    void should_take_the_best_promoted_proposals_then_the_best_screened_then_the_best_baseline() {
        List<CandidateRecord> c = new ArrayList<>(List.of(SchedulerTest.cand("a", 0, "baseline", null),
                SchedulerTest.cand("b", 1, "baseline", null), SchedulerTest.cand("p", 2, "evolution", "a"),
                SchedulerTest.cand("q", 3, "evolution", "a"), SchedulerTest.cand("r", 4, "evolution", "a"),
                SchedulerTest.cand("s", 5, "evolution", "a")));
        List<TrialRecord> t = new ArrayList<>(List.of(SchedulerTest.screened(0, "a", 0.80),
                SchedulerTest.screened(1, "b", 0.82), SchedulerTest.screened(2, "p", 0.90),
                SchedulerTest.screened(3, "q", 0.85), SchedulerTest.screened(4, "r", 0.86),
                SchedulerTest.trial(5, "s", "diverged", null, 0, 100, "[]")));
        assertEquals(List.of("p", "r", "b"), ids(FinalTraining.finalists(c, t, CONFIG)), "by screening");
        for (int i = 0; i < 3; i++) {
            t.add(SchedulerTest.trial(10 + i, "q", "succeeded", 0.84, 1, 3_600, "[]"));
        }
        assertEquals(List.of("q", "p", "b"), ids(FinalTraining.finalists(c, t, CONFIG)),
                "a candidate promoted with all its seeds before any screened only");
        t.add(SchedulerTest.trial(20, "p", "succeeded", 0.95, 1, 3_600, "[]"));
        assertEquals(List.of("q", "p", "b"), ids(FinalTraining.finalists(c, t, CONFIG)), "one seed of three is not all");
    }

    static List<String> ids(List<CandidateRecord> c) {
        return c.stream().map(CandidateRecord::id).toList();
    }
}
