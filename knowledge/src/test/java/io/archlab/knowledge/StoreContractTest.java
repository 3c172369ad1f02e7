package io.archlab.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Store} implementation must have. */
abstract class StoreContractTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00.123Z");
    Store store;

    abstract Store open() throws Exception;

    @BeforeEach
    void setUp() throws Exception {
        store = open();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static RunRecord run(String id) {
        return new RunRecord(id, "fashion-mnist", RunState.RUNNING, 42, "{\"maxTrials\":10}", "{\"java\":\"17\"}",
                "shipped subset", "{\"a.gz\":\"ab12\"}", 1234L, "host-a", 0, T0, T0);
    }

    static CandidateRecord candidate(String runId, String id, int ordinal, String parent) {
        return new CandidateRecord(id, runId, ordinal, "Cand " + ordinal, "evolution", parent, "widen conv 16->24",
                "public final class X {}", "{\"nodes\":[]}", "hash" + ordinal, 1000L + ordinal, T0);
    }

    static TrialRecord trial(String runId, String id, String candidateId, int ordinal, String outcome) {
        boolean ok = outcome.equals("succeeded");
        return new TrialRecord(id, runId, candidateId, ordinal, 7, 12.5, outcome, ok ? null : "TRACE",
                ok ? null : "add needs equal shapes", ok ? 0.875 : null, ok ? 0.31 : null, ok ? 2.5 : null,
                ok ? 400L : null, ok ? 11.9 : null, 12.3, ok ? 2100.0 : null, "[{\"epoch\":1.0}]",
                ok ? "/tmp/w.params" : null, ok ? 1.25 : null, ok ? 1_200_000_000L : null, T0, T0.plusSeconds(12));
    }

    @Test
    void should_round_trip_runs_candidates_trials_and_events() {
        store.createRun(run("r1"));
        store.saveCandidate(candidate("r1", "c0", 0, null));
        store.saveCandidate(candidate("r1", "c1", 1, "c0"));
        store.recordTrial(trial("r1", "t0", "c0", 0, "succeeded"), 12_000);
        store.recordTrial(trial("r1", "t1", "c1", 1, "shape_error"), 500);
        store.saveFinalEvaluation(new FinalEvaluationRecord("r1", "c0", "t0", 0.861, 1000, T0));
        store.addEvent("r1", "completed", "done");

        RunRecord r = store.run("r1").orElseThrow();
        assertEquals(run("r1").withElapsed(12_500), r.withTimes(T0, T0));
        assertEquals(T0.truncatedTo(ChronoUnit.MILLIS), r.createdAt().truncatedTo(ChronoUnit.MILLIS));
        assertEquals(List.of(candidate("r1", "c0", 0, null), candidate("r1", "c1", 1, "c0")),
                store.candidates("r1").stream().map(c -> c.withCreatedAt(T0)).toList());
        assertEquals("c0", store.candidateAt("r1", 1).orElseThrow().parentId());
        List<TrialRecord> trials = store.trials("r1");
        assertEquals(List.of(trial("r1", "t0", "c0", 0, "succeeded"), trial("r1", "t1", "c1", 1, "shape_error")),
                trials);
        assertEquals(0.861, store.finalEvaluations("r1").get(0).testAccuracy());
        List<String> kinds = store.events("r1").stream().map(EventRecord::kind).toList();
        assertEquals(List.of("trial", "trial", "completed"), kinds);
    }

    @Test
    void should_refuse_a_second_trial_at_the_same_ordinal_and_leave_elapsed_unchanged() {
        store.createRun(run("r2"));
        store.saveCandidate(candidate("r2", "k0", 0, null));
        store.recordTrial(trial("r2", "a", "k0", 0, "succeeded"), 1000);
        assertThrows(StoreException.class, () -> store.recordTrial(trial("r2", "b", "k0", 0, "succeeded"), 1000));
        assertEquals(1, store.trials("r2").size());
        assertEquals(1000, store.run("r2").orElseThrow().elapsedMs());
    }

    @Test
    void should_list_runs_newest_first_and_update_state() {
        store.createRun(run("old"));
        RunRecord newer = run("new").withTimes(T0.plusSeconds(60), T0.plusSeconds(60));
        store.createRun(newer);
        assertEquals(List.of("new", "old"), store.runs().stream().map(RunRecord::id).toList());
        store.updateRunState("old", RunState.COMPLETED, null, null);
        assertEquals(RunState.COMPLETED, store.run("old").orElseThrow().state());
        assertThrows(StoreException.class, () -> store.updateRunState("nope", RunState.COMPLETED, null, null));
        assertTrue(store.run("nope").isEmpty());
    }
}
