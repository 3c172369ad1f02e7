package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run killed with SIGKILL mid-way, then resumed: no finished trial is redone or lost, on the
 * embedded H2 knowledge base and on PostgreSQL. The run promotes after 4 screenings, so the
 * resumed part includes multi-seed re-trainings.
 */
class ResumeIT {
    static final int TRIALS = 8;

    @TempDir
    Path dir;

    static EmbeddedPostgres postgres;

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** Environment for the app and a store for the test, on the knowledge base named {@code db}. */
    private Map<String, String> database(String db) throws Exception {
        if (db.equals("h2")) {
            return Map.of();
        }
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        }
        return Map.of(Stores.URL_ENV, "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "ARCHLAB_DB_USER", "postgres");
    }

    private static Store open(Path home, Map<String, String> env) {
        return env.isEmpty() ? Stores.openHome(home)
                : Stores.openUrl(env.get(Stores.URL_ENV), env.get("ARCHLAB_DB_USER"), "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void should_resume_a_killed_run_without_redoing_or_losing_finished_trials(String db) throws Exception {
        Map<String, String> env = database(db);
        Path home = dir.resolve("home");
        Process p = AppProcess.start(dir.resolve("first"), home, env, "run", "--data", "subset", "--max-trials",
                Integer.toString(TRIALS), "--trial-seconds", "0.8", "--seed", "5", "--round-size", "4", "--eta", "4",
                "--fidelity-factor", "1", "--final-candidates", "1");
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
        try (Store store = open(home, env)) {
            before = store.trials(runId);
            assertEquals(RunState.RUNNING, store.run(runId).orElseThrow().state());
        }
        assertTrue(before.size() >= 3 && before.size() < TRIALS, "killed after " + before.size() + " trials");

        AppProcess.Result status = AppProcess.run(dir.resolve("status"), Duration.ofSeconds(60), home, env, "status",
                "--json");
        assertTrue(status.out().contains("\"state\" : \"interrupted\""), status.out());

        AppProcess.Result resumed = AppProcess.run(dir.resolve("second"), Duration.ofSeconds(240), home, env, "run",
                "--resume", runId);
        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resumed after " + before.size() + " finished trial(s)"), resumed.out());

        try (Store store = open(home, env)) {
            List<TrialRecord> after = store.trials(runId);
            assertEquals(IntStream.range(0, TRIALS + 6).boxed().toList(),
                    after.stream().map(TrialRecord::ordinal).toList(), "every trial exactly once");
            assertEquals(6, after.stream().skip(TRIALS).filter(t -> t.fidelity() == TrialRecord.FINAL).count(),
                    "then the final training: the best candidate and the best baseline, 3 seeds each");
            assertEquals(before, after.subList(0, before.size()), "finished trials are kept as they were");
            List<io.archlab.knowledge.CandidateRecord> cands = store.candidates(runId);
            assertEquals(cands.size(), cands.stream().map(io.archlab.knowledge.CandidateRecord::name).distinct()
                    .count(), "no candidate proposed twice");
            long untrained = cands.stream().filter(c -> after.stream().noneMatch(t -> t.candidateId().equals(c.id())))
                    .count();
            assertTrue(untrained <= 1, "at most the proposal prepared during the last trial waits: " + untrained);
            assertTrue(after.stream().filter(t -> t.fidelity() == 1).count() >= 3, "the resumed run promoted");
            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state());
            List<String> kinds = store.events(runId).stream().map(EventRecord::kind).toList();
            assertTrue(kinds.contains("resumed") && kinds.get(kinds.size() - 1).equals("completed"), kinds.toString());
            DemoIT.assertFinalEvaluations(store, runId);
        }
    }

    @Test
    void should_mark_a_run_interrupted_on_sigterm_without_recording_the_abandoned_trial() throws Exception {
        Path home = dir.resolve("home");
        Process p = AppProcess.start(dir.resolve("first"), home, "run", "--final-candidates", "0", "--data", "subset", "--max-trials", "5",
                "--trial-seconds", "3", "--seed", "9", "--seeds", "0");
        Path out = dir.resolve("first/out.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.readString(out).contains("[2/5]")) {
            assertTrue(p.isAlive(), "run ended early: " + Files.readString(out));
            assertTrue(System.nanoTime() < deadline, "no second trial within 180 s: " + Files.readString(out));
            Thread.sleep(100);
        }
        Thread.sleep(2000);   // the third trial is training
        p.destroy();          // SIGTERM
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the run stops within the grace period");
        String printed = Files.readString(out);
        assertTrue(printed.contains("interrupted") && printed.contains("--resume"), printed);
        Matcher m = Pattern.compile("run (\\S+) started").matcher(printed);
        assertTrue(m.find());
        try (Store store = Stores.openHome(home)) {
            String runId = m.group(1);
            assertEquals(RunState.INTERRUPTED, store.run(runId).orElseThrow().state());
            List<TrialRecord> trials = store.trials(runId);
            assertEquals(IntStream.range(0, trials.size()).boxed().toList(),
                    trials.stream().map(TrialRecord::ordinal).toList(), "no gap, no duplicate");
            assertTrue(trials.stream().allMatch(TrialRecord::succeeded), "the killed trial was not recorded as a crash");
            assertTrue(store.events(runId).stream().anyMatch(e -> e.kind().equals("interrupted")));
        }
        assertEquals(0, ProcessHandle.current().descendants().filter(h -> h.isAlive() && h.info().arguments()
                .map(a -> java.util.Arrays.asList(a).contains("worker")).orElse(false)).count(), "no worker left behind");
    }
}
