package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed with SIGKILL mid-way, then resumed: no finished trial is redone or lost. */
class ResumeIT {
    static final int TRIALS = 7;

    @TempDir
    Path dir;

    @Test
    void should_resume_a_killed_run_without_redoing_or_losing_finished_trials() throws Exception {
        Path home = dir.resolve("home");
        Process p = AppProcess.start(dir.resolve("first"), home, "run", "--data", "subset", "--max-trials",
                Integer.toString(TRIALS), "--trial-seconds", "2", "--seed", "5");
        Path out = dir.resolve("first/out.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.readString(out).contains("[3/" + TRIALS + "]")) {
            assertTrue(p.isAlive(), "run ended early: " + Files.readString(out) + Files.readString(dir.resolve("first/err.txt")));
            assertTrue(System.nanoTime() < deadline, "no third trial within 180 s: " + Files.readString(out));
            Thread.sleep(100);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        Matcher m = Pattern.compile("run (\\S+) started").matcher(Files.readString(out));
        assertTrue(m.find());
        String runId = m.group(1);

        List<TrialRecord> before;
        try (Store store = Stores.openHome(home)) {
            before = store.trials(runId);
            assertEquals(RunState.RUNNING, store.run(runId).orElseThrow().state());
        }
        assertTrue(before.size() >= 3 && before.size() < TRIALS, "killed after " + before.size() + " trials");

        AppProcess.Result status = AppProcess.run(dir.resolve("status"), Duration.ofSeconds(60), home, "status",
                "--json");
        assertTrue(status.out().contains("\"state\" : \"interrupted\""), status.out());

        AppProcess.Result resumed = AppProcess.run(dir.resolve("second"), Duration.ofSeconds(240), home, "run",
                "--resume", runId);
        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resumed after " + before.size() + " finished trial(s)"), resumed.out());

        try (Store store = Stores.openHome(home)) {
            List<TrialRecord> after = store.trials(runId);
            assertEquals(IntStream.range(0, TRIALS).boxed().toList(),
                    after.stream().map(TrialRecord::ordinal).toList(), "every trial exactly once");
            assertEquals(before, after.subList(0, before.size()), "finished trials are kept as they were");
            assertEquals(TRIALS, store.candidates(runId).size());
            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state());
            List<String> kinds = store.events(runId).stream().map(EventRecord::kind).toList();
            assertTrue(kinds.contains("resumed") && kinds.get(kinds.size() - 1).equals("completed"), kinds.toString());
            assertEquals(1, store.finalEvaluations(runId).size());
        }
    }
}
