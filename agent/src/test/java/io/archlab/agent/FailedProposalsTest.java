package io.archlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop with a proposer whose proposals fail now and then (as an LLM's do when its answers
 * cannot be used): it asks again, and stops the run, resumable, only after
 * {@link FailedProposals#LIMIT} failures in a row. In-memory store, no training.
 */
class FailedProposalsTest {
    @TempDir
    Path runs;
    Store store;
    final String runId = "r1";
    final List<String> lines = new ArrayList<>();

    /** Plays a script of turns: true fails the proposal, false proposes; the rest of the turns fail. */
    static final class ScriptedProposer implements Proposer {
        final Deque<Boolean> fails = new ArrayDeque<>();
        int calls;

        ScriptedProposer(Boolean... turns) {
            fails.addAll(List.of(turns));
        }

        @Override
        public Proposal propose(Context context) {
            calls++;
            if (fails.isEmpty() || fails.poll()) {
                throw new ProposalFailedException("answer " + calls + " could not be used");
            }
            return new Proposal("P" + calls, "class P" + calls + " {}", null, "scripted", "scripted");
        }
    }

    /** Every trial crashes at once: nothing is trained and nothing is evaluated on a test split. */
    static final class CrashingRunner implements TrialRunner {
        @Override
        public TrialResult run(TrialRequest request) {
            return new TrialResult(new Outcome.Failed(FailureKind.CRASHED, Stage.TRAIN, "fake"), null, null,
                    List.of(), 0.001);
        }

        @Override
        public void close() {
        }
    }

    @BeforeEach
    void open() {
        store = TestStores.withRun(runId);
        DiscoveryLoop.plantSeeds(store, runId, List.of(new Proposal("Base", "class Base {}", null, "baseline",
                TrialPlan.BASELINE)));
    }

    @AfterEach
    void close() {
        store.close();
    }

    DiscoveryLoop.StopReason run(Proposer proposer, int maxTrials) {
        RunConfig config = RunConfig.defaults().withBudgets(maxTrials, 60, 1, 300_000)
                .withCompute(new RunConfig.Compute(10, 0, 100, null));
        return new DiscoveryLoop(store, new CrashingRunner(), proposer, runs, listener()).execute(runId, config, null);
    }

    @Test
    void should_ask_again_after_failed_proposals_and_complete_every_trial() {
        ScriptedProposer p = new ScriptedProposer(true, false, true, true, false, false);

        assertEquals(DiscoveryLoop.StopReason.MAX_TRIALS, run(p, 4));

        assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state());
        assertEquals(List.of("Base", "P2", "P5", "P6"), store.candidates(runId).stream().map(CandidateRecord::name)
                .toList());
        assertEquals(4, store.trials(runId).size());
        assertEquals(6, p.calls);
        assertEquals(List.of("proposal failed (1 of 3 in a row): answer 1 could not be used",
                "proposal failed (1 of 3 in a row): answer 3 could not be used",
                "proposal failed (2 of 3 in a row): answer 4 could not be used"), events("proposal"));
    }

    @Test
    void should_stop_the_run_resumable_after_the_limit_of_failed_proposals_in_a_row() {
        ScriptedProposer p = new ScriptedProposer(false, true, true);

        assertEquals(DiscoveryLoop.StopReason.PROPOSALS_FAILED, run(p, 10));

        assertEquals(RunState.INTERRUPTED, store.run(runId).orElseThrow().state());
        assertEquals(1 + FailedProposals.LIMIT, p.calls, "no request after the limit");
        assertEquals(List.of("Base", "P1"), store.candidates(runId).stream().map(CandidateRecord::name).toList());
        assertEquals(2, store.trials(runId).stream().map(TrialRecord::candidateId).distinct().count());
        List<String> stopped = events("stopped");
        assertEquals(List.of("3 proposals in a row failed; last: answer 4 could not be used"), stopped);
        assertTrue(store.finalEvaluations(runId).isEmpty(), "a resumable run is not evaluated on the test split");
        assertTrue(lines.contains("stopping: " + stopped.get(0)), lines.toString());
    }

    private List<String> events(String kind) {
        return store.events(runId).stream().filter(e -> e.kind().equals(kind)).map(EventRecord::message).toList();
    }

    private LoopListener listener() {
        return new LoopListener() {
            @Override
            public void trialStarted(int ordinal, int maxTrials, CandidateRecord candidate) {
            }

            @Override
            public void trialFinished(int ordinal, int maxTrials, CandidateRecord candidate, TrialRecord trial) {
            }

            @Override
            public void info(String message) {
                lines.add(message);
            }
        };
    }
}
