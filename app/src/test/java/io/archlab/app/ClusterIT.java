package io.archlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.knowledge.ClusterMemberRecord;
import io.archlab.knowledge.EventRecord;
import io.archlab.knowledge.RunState;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.knowledge.TrialRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out with real processes on 127.0.0.1: a coordinator ({@code archlab run --cluster}) and
 * worker members ({@code archlab worker --join}), each its own JVM with its own home. A member
 * killed with SIGKILL mid-trial loses and duplicates nothing, a member joining mid-run is used, a
 * member with another secret is refused, and a run whose coordinator is killed resumes with its
 * members reattaching.
 */
class ClusterIT {
    static final String SECRET = "the secret of this test cluster";
    static final Map<String, String> ENV = Map.of("ARCHLAB_CLUSTER_SECRET", SECRET);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
        }
        for (Process p : started) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(String name, Map<String, String> env, String... args) throws IOException {
        Process p = AppProcess.start(dir.resolve(name), dir.resolve(name + "-home"), env, args);
        started.add(p);
        return p;
    }

    private String out(String name) throws IOException {
        return Files.readString(dir.resolve(name).resolve("out.txt"));
    }

    private String err(String name) throws IOException {
        return Files.readString(dir.resolve(name).resolve("err.txt"));
    }

    /** Waits until the output of {@code name} satisfies {@code ready}. */
    private void await(String name, Process p, Duration within, String what, Predicate<String> ready)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!ready.test(out(name))) {
            assertTrue(p.isAlive(), name + " ended before " + what + ":\n" + out(name) + err(name));
            assertTrue(System.nanoTime() < deadline, "no " + what + " within " + within + ":\n" + out(name));
            Thread.sleep(100);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String memberId(String out) {
        Matcher m = Pattern.compile("as member ([0-9a-f]{8})").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    private static String runId(String out) {
        Matcher m = Pattern.compile("run (\\S+) started").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void should_lose_and_duplicate_nothing_when_a_member_is_killed_and_use_a_member_that_joins_mid_run()
            throws Exception {
        int trials = 10;
        String address = "127.0.0.1:" + freePort();
        Process coordinator = start("coordinator", ENV, "run", "--final-candidates", "0", "--data", "subset", "--cluster", address,
                "--max-trials", Integer.toString(trials), "--trial-seconds", "8", "--seeds", "0", "--seed", "3");
        await("coordinator", coordinator, Duration.ofSeconds(120), "the coordinator listening",
                o -> o.contains("coordinator listening on " + address));
        Process a = start("a", ENV, "worker", "--join", address, "--cores", "1");
        await("a", a, Duration.ofSeconds(180), "a trial finished on member A", o -> o.contains("finished: "));
        String idA = memberId(out("a"));

        // B joins mid-run; a member with another secret tries too and is refused.
        Process b = start("b", ENV, "worker", "--join", address, "--cores", "1");
        Process wrong = start("wrong", Map.of("ARCHLAB_CLUSTER_SECRET", "not the secret of this cluster"), "worker",
                "--join", address, "--cores", "1", "--join-timeout", "5");
        await("b", b, Duration.ofSeconds(120), "member B joining", o -> o.contains("joined the cluster"));
        String idB = memberId(out("b"));

        // SIGKILL A while it trains a trial: one it started 1.5 s ago (of its 8 s budget) and has not finished.
        String killed = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        Map<String, Long> firstSeen = new java.util.HashMap<>();
        // Trials already started are left out: how long they have been running is not known.
        Matcher already = Pattern.compile("trial (\\S+) started").matcher(out("a"));
        while (already.find()) {
            firstSeen.put(already.group(1), Long.MAX_VALUE);
        }
        while (killed == null) {
            assertTrue(a.isAlive() && System.nanoTime() < deadline, "no trial in flight on A: " + out("a"));
            String now = out("a");
            Matcher started = Pattern.compile("trial (\\S+) started").matcher(now);
            while (started.find()) {
                String id = started.group(1);
                if (id.contains("-calibration-")) {
                    continue;   // the run's throughput probes, not trials of the run
                }
                firstSeen.putIfAbsent(id, System.nanoTime());
                long seen = firstSeen.get(id);
                if (seen != Long.MAX_VALUE && !now.contains("trial " + id + " finished")
                        && System.nanoTime() - seen > TimeUnit.MILLISECONDS.toNanos(1500)) {
                    killed = id;
                }
            }
            Thread.sleep(50);
        }
        a.destroyForcibly();
        assertTrue(a.waitFor(30, TimeUnit.SECONDS));
        assertFalse(out("a").contains("trial " + killed + " finished"), "A was killed while training " + killed);
        // A's trial process ends with A, well before its 8 s budget would have ended it.
        long orphanDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (orphansOf(dir.resolve("a-home")) > 0) {
            assertTrue(System.nanoTime() < orphanDeadline, "a trial process of the killed member is still running");
            Thread.sleep(100);
        }

        assertTrue(wrong.waitFor(120, TimeUnit.SECONDS), "the member with another secret gives up");
        assertNotEquals(0, wrong.exitValue());
        assertTrue(err("wrong").contains("no archlab coordinator with this cluster secret answered at " + address),
                out("wrong") + err("wrong"));

        assertTrue(coordinator.waitFor(300, TimeUnit.SECONDS), "the run ends: " + out("coordinator"));
        assertEquals(0, coordinator.exitValue(), out("coordinator") + err("coordinator"));
        String runId = runId(out("coordinator"));
        try (Store store = Stores.openHome(dir.resolve("coordinator-home"))) {
            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state());
            List<TrialRecord> done = store.trials(runId);
            assertEquals(IntStream.range(0, trials).boxed().toList(), done.stream().map(TrialRecord::ordinal).toList(),
                    "every trial exactly once");
            assertEquals(trials, done.stream().map(TrialRecord::id).distinct().count());
            String k = killed;
            TrialRecord redone = done.stream().filter(t -> t.id().equals(k)).findFirst().orElseThrow();
            assertTrue(redone.worker().startsWith("member " + idB), "the killed trial ran again on B: "
                    + redone.worker());
            assertEquals(1, count(out("b"), "trial " + k + " finished"), "B trained it once");
            assertTrue(done.stream().allMatch(t -> t.worker().startsWith("member " + idA)
                    || t.worker().startsWith("member " + idB)), "every trial ran on a member");
            assertTrue(done.stream().filter(t -> t.worker().startsWith("member " + idB)).count() >= 2,
                    "B, which joined mid-run, was given work");
            List<EventRecord> events = store.events(runId);
            assertTrue(events.stream().anyMatch(e -> e.kind().equals("cluster-redispatched")
                    && e.message().contains(k) && e.message().contains(idA)), events.toString());
            assertEquals(2, events.stream().filter(e -> e.kind().equals("cluster-joined")).count(), events.toString());
            List<ClusterMemberRecord> members = store.clusterMembers(runId);
            assertEquals(List.of(idA, idB), members.stream().map(m -> m.memberId().substring(0, 8)).toList(),
                    "A and B are the run's members; the one with another secret never joined");
            assertTrue(members.stream().allMatch(m -> m.cores() == 1 && m.slots() == 1 && m.trialsDone() >= 1),
                    members.toString());
        }
    }

    @Test
    void should_resume_a_run_whose_coordinator_was_killed_with_its_members_reattaching() throws Exception {
        int trials = 6;
        String address = "127.0.0.1:" + freePort();
        Process coordinator = start("first", ENV, "run", "--final-candidates", "0", "--data", "subset", "--cluster", address, "--max-trials",
                Integer.toString(trials), "--trial-seconds", "1.2", "--seeds", "0", "--seed", "7");
        await("first", coordinator, Duration.ofSeconds(120), "the coordinator listening",
                o -> o.contains("coordinator listening on " + address));
        Process a = start("a", ENV, "worker", "--join", address, "--cores", "2", "--slots", "2");
        // Two trials recorded (with two slots they finish in any order): "[N/6]" is printed once one is stored.
        Pattern finishedLine = Pattern.compile("(?m)^\\[\\d+/" + trials + "\\]");
        await("first", coordinator, Duration.ofSeconds(240), "two trials",
                o -> finishedLine.matcher(o).results().count() >= 2);
        coordinator.destroyForcibly();   // SIGKILL: no shutdown hook, no clean-up
        assertTrue(coordinator.waitFor(30, TimeUnit.SECONDS));
        String runId = runId(out("first"));
        int before;
        try (Store store = Stores.openHome(dir.resolve("first-home"))) {
            before = store.trials(runId).size();
        }
        assertTrue(before >= 2 && before < trials, "killed after " + before + " trials");
        await("a", a, Duration.ofSeconds(60), "A noticing", o -> o.contains("the coordinator left"));

        Files.createDirectories(dir.resolve("second"));
        AppProcess.Result resumed = AppProcess.run(dir.resolve("second"), Duration.ofSeconds(300),
                dir.resolve("first-home"), ENV, "run", "--resume", runId);
        assertEquals(0, resumed.exit(), resumed.out() + resumed.err());
        assertEquals(2, count(out("a"), "joined the cluster"), "A reattached to the resumed coordinator: " + out("a"));
        try (Store store = Stores.openHome(dir.resolve("first-home"))) {
            assertEquals(RunState.COMPLETED, store.run(runId).orElseThrow().state());
            List<TrialRecord> done = store.trials(runId);
            // Two trials at a time: one abandoned when the coordinator was killed leaves its ordinal unused.
            assertEquals(trials, done.size(), "the trial budget, exactly: " + done);
            assertEquals(trials, done.stream().map(TrialRecord::ordinal).distinct().count(), "no trial twice");
            assertTrue(done.stream().allMatch(t -> t.worker().startsWith("member ")), "all on the member");
        }
    }

    /** Trial processes ({@code worker --stdio}) working in a directory under {@code home}. */
    private static long orphansOf(Path home) {
        return ProcessHandle.allProcesses().filter(h -> h.isAlive() && h.info().arguments()
                .map(a -> List.of(a).contains("--stdio")).orElse(false)).filter(h -> {
                    try {
                        return Files.readSymbolicLink(Path.of("/proc", Long.toString(h.pid()), "cwd"))
                                .startsWith(home.toAbsolutePath());
                    } catch (IOException | UnsupportedOperationException e) {
                        return false;
                    }
                }).count();
    }
}
