package io.archlab.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.worker.LocalWorkerPool;
import io.archlab.sandbox.worker.WorkerSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trials in real worker processes: results come back, and hung, bloated or dead workers are replaced. */
class LocalWorkerPoolTest {
    static final WorkerSpec SPEC = new WorkerSpec("fashion-mnist", "subset", false, 0, 0, 0.1, 1);
    static final List<String> LAUNCH = LocalWorkerPool.javaLaunch(List.of("-Xmx1g", "-Dai.djl.offline=true"));

    @TempDir
    Path dir;

    static TrialRequest request(String source, TrialRequest.Compute compute, Path weights) {
        return new TrialRequest("w", source, 3, compute, new Budgets(1_000_000, 0, 0), 64,
                TrialRequest.Optim.adamW(1e-3f), weights);
    }

    /** A short training (150 steps) under a cap it never nears. */
    static TrialRequest quick(String source, Path weights) {
        return request(source, TrialRequest.Compute.steps(150, 300), weights);
    }

    /** A training far longer than any test waits for, stopped by its {@code capSeconds}. */
    static TrialRequest endless(String source, double capSeconds) {
        return request(source, TrialRequest.Compute.steps(10_000_000, capSeconds), null);
    }

    static final String SLOW_BUILD = "import io.archlab.sandbox.dsl.*;\npublic final class Slow implements Architecture {\n"
            + "  public Tensor forward(Net n, Tensor x) {\n    long i = 0; while (i >= 0) { i = i + 1; if (i == Long.MAX_VALUE) { i = 0; } }\n"
            + "    return n.linear(x.flatten(), 10);\n  }\n}\n";

    @Test
    void should_train_a_request_with_its_recipe_in_the_worker() throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, new LocalWorkerPool.Limits(1, 0, 4, 180),
                dir.resolve("logs"))) {
            TrialRequest plain = request(Baselines.get("Mlp").source(), TrialRequest.Compute.steps(40, 300), null);
            TrialRequest recipe = plain.withRecipe(new TrialRequest.Recipe(2, true, 0f));
            TrialResult a = pool.run(recipe);
            TrialResult b = pool.run(recipe);
            TrialResult none = pool.run(plain);
            assertTrue(a.succeeded() && b.succeeded() && none.succeeded(), a.outcome() + " / " + none.outcome());
            assertEquals(a.metrics().trainLoss(), b.metrics().trainLoss(), 1e-6, "the same request trains alike");
            assertTrue(Math.abs(a.metrics().trainLoss() - none.metrics().trainLoss()) > 1e-4,
                    "the worker cropped and flipped: " + a.metrics().trainLoss() + " / " + none.metrics().trainLoss());
        }
    }

    @Test
    void should_train_in_a_worker_and_replace_a_worker_that_overruns_its_deadline() throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, new LocalWorkerPool.Limits(1, 0, 4, 180),
                dir.resolve("logs"))) {
            Path weights = dir.resolve("mlp.params");
            TrialResult ok = pool.run(quick(Baselines.get("Mlp").source(), weights));
            assertTrue(ok.succeeded(), ok.outcome().toString());
            assertTrue(ok.metrics().valAccuracy() > 0.5, "val " + ok.metrics().valAccuracy());
            assertEquals(ok.graph().params(), ok.metrics().paramsBuilt());
            assertTrue(Files.size(weights) > 0);

            // Building this IR spins for 10 s inside the worker; the pool allows 1 s x 1.1 + 4 s and stops
            // it first: the pool's deadline, not the worker's own trace limit, ends it.
            TrialResult hung = pool.run(endless(SLOW_BUILD, 1));
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, hung.outcome());
            assertEquals(FailureKind.TIMEOUT, f.kind(), f.message());
            assertEquals(Stage.TRACE, f.stage(), "the worker said it was tracing: " + f.message());
            assertTrue(f.message().contains("no result within 5.1 s") && f.message().contains("worker was stopped"),
                    f.message());

            TrialResult after = pool.run(quick(Baselines.get("Mlp").source(), null));
            assertTrue(after.succeeded(), "the replacement worker trains: " + after.outcome());
            assertEquals(2, pool.workersStarted());
        }
    }

    @Test
    void should_report_a_worker_that_dies_mid_trial_as_crashed_and_go_on() throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, LocalWorkerPool.Limits.defaults(),
                dir.resolve("logs"))) {
            long before = ProcessHandle.current().descendants().count();
            CompletableFuture<TrialResult> running = CompletableFuture.supplyAsync(
                    () -> pool.run(endless(Baselines.get("Mlp").source(), 20)));
            Thread.sleep(3000);
            ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);   // a "native crash"
            TrialResult r = running.get();
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
            assertEquals(FailureKind.CRASHED, f.kind(), f.message());
            assertTrue(f.message().contains("the worker process died"), f.message());
            assertTrue(pool.run(quick(Baselines.get("Mlp").source(), null)).succeeded());
            assertEquals(2, pool.workersStarted());
            assertEquals(before, ProcessHandle.current().descendants().count(), "one live worker, as before");
        }
    }

    @Test
    void should_report_a_segmentation_fault_in_the_worker_as_crashed_and_go_on() throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, LocalWorkerPool.Limits.defaults(),
                dir.resolve("logs"))) {
            CompletableFuture<TrialResult> running = CompletableFuture.supplyAsync(
                    () -> pool.run(endless(Baselines.get("LeNet5").source(), 20)));
            Thread.sleep(4000);
            // What a native engine fault delivers: SIGSEGV, outside any Java code's null checks.
            for (ProcessHandle worker : ProcessHandle.current().children().toList()) {
                new ProcessBuilder("kill", "-SEGV", Long.toString(worker.pid())).inheritIO().start().waitFor();
            }
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, running.get().outcome());
            assertEquals(FailureKind.CRASHED, f.kind(), f.message());
            assertEquals(Stage.TRAIN, f.stage(), f.message());
            assertTrue(f.message().contains("the worker process died"), f.message());
            assertTrue(f.message().contains("fatal signal SIGSEGV"), f.message());
            TrialResult after = pool.run(quick(Baselines.get("Mlp").source(), null));
            assertTrue(after.succeeded(), "the replacement worker trains: " + after.outcome());
        }
    }

    @Test
    void should_replace_a_worker_in_which_candidate_code_outlived_its_trial() throws Exception {
        List<String> leaky = new java.util.ArrayList<>(LAUNCH);
        leaky.set(leaky.size() - 1, LeakyWorker.class.getName());
        try (LocalWorkerPool pool = new LocalWorkerPool(leaky, SPEC, LocalWorkerPool.Limits.defaults(),
                dir.resolve("logs"))) {
            TrialResult r = pool.run(TrialRequest.check("leak", Baselines.get("Mlp").source(),
                    new Budgets(1_000_000, 0, 0), 64, java.util.Set.of()));
            long pid = Long.parseLong(pool.lastWorker().replace("worker pid ", ""));
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
            assertEquals(FailureKind.TIMEOUT, f.kind(), f.message());
            assertEquals(Stage.TRACE, f.stage(), f.message());
            assertTrue(f.message().contains("candidate code was still running after the trial, on thread(s) "
                    + "ForkJoinPool.commonPool-worker-") && f.message().contains("this worker is replaced"), f.message());
            assertEquals(2, pool.workersStarted(), "the worker was replaced, not reused");
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the first worker is gone");
        }
    }

    /** A worker that answers each trial with {@code line} and then a good result, as {@link ScriptedWorker} does. */
    static List<String> scripted(String mode) {
        List<String> cmd = new java.util.ArrayList<>(LAUNCH);
        cmd.set(cmd.size() - 1, ScriptedWorker.class.getName());
        cmd.add(mode);
        return cmd;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "oversized | the worker sent a line of 17,000,1",
        "malformed | the worker's message could not be read (malformed protocol message: Unexpected end-of-input"})
    void should_end_a_trial_at_once_when_the_workers_message_cannot_be_read(String mode, String expected)
            throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(scripted(mode), SPEC, LocalWorkerPool.Limits.defaults(),
                dir.resolve("logs"))) {
            // The script sends a good result right after the bad line: a pool that skipped the bad line would return it.
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class,
                    pool.run(quick(Baselines.get("Mlp").source(), null)).outcome());
            assertEquals(FailureKind.CRASHED, f.kind(), f.message());
            assertEquals(Stage.TRACE, f.stage(), "the stage the worker last named: " + f.message());
            assertTrue(f.message().startsWith(expected.strip()) && f.message().endsWith("the worker was stopped"),
                    f.message());
            assertTrue(f.message().length() < 1_000, f.message().length() + " characters");
            assertEquals(2, pool.workersStarted(), "the worker was replaced");
        }
    }

    @Test
    void should_keep_the_logs_of_an_earlier_pool_on_the_same_directory() throws Exception {
        Path logs = dir.resolve("logs");
        try (LocalWorkerPool before = new LocalWorkerPool(LAUNCH, SPEC, LocalWorkerPool.Limits.defaults(), logs)) {
            assertEquals(1, before.workersStarted());
        }
        Files.writeString(logs.resolve("worker-1.log"), "what happened before the crash\n",
                java.nio.file.StandardOpenOption.APPEND);
        try (LocalWorkerPool resumed = new LocalWorkerPool(LAUNCH, SPEC, new LocalWorkerPool.Limits(2, 0, 45, 180),
                logs)) {
            assertTrue(resumed.run(quick(Baselines.get("Mlp").source(), null)).succeeded());
        }
        assertTrue(Files.readString(logs.resolve("worker-1.log")).contains("what happened before the crash"),
                "the first pool's log is kept");
        assertTrue(Files.exists(logs.resolve("worker-2.log")) && Files.exists(logs.resolve("worker-3.log")),
                "the resumed pool's workers are numbered on");
        assertTrue(Files.notExists(logs.resolve("worker-4.log")));
    }

    @Test
    void should_start_workers_without_the_launchers_secrets() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(java.util.Map.of("PATH", System.getenv("PATH"),
                "HOME", System.getProperty("user.home"), "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8",
                "ARCHLAB_LLM_API_KEY", "sk-fake-llm", "OPENAI_API_KEY", "sk-fake-openai",
                "ARCHLAB_CLUSTER_SECRET", "fake-cluster-secret", "ARCHLAB_DB_PASSWORD", "fake-db-password",
                "JAVA_TOOL_OPTIONS", "-Dfake.secret=1"));
        env.put("AWS_SECRET_ACCESS_KEY", "fake-aws");
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, LocalWorkerPool.Limits.defaults(),
                dir.resolve("logs"), env)) {
            TrialResult r = pool.run(quick(Baselines.get("Mlp").source(), null));
            assertTrue(r.succeeded(), "a worker trains with the minimal environment: " + r.outcome());
            long pid = Long.parseLong(pool.lastWorker().replace("worker pid ", ""));
            java.util.Map<String, String> seen = new java.util.TreeMap<>();
            for (String kv : Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0")) {
                if (!kv.isEmpty()) {
                    seen.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            }
            assertEquals(java.util.Set.of("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "ARCHLAB_WORKER_PARENT",
                    "DNNL_MAX_CPU_ISA"), seen.keySet(), "the running worker's environment: " + seen.keySet());
            assertEquals("SSE41", seen.get("DNNL_MAX_CPU_ISA"), "oneDNN at SSE4.1 unless the launcher says");
            assertTrue(Path.of(seen.get("TMPDIR")).startsWith(dir.resolve("logs")), seen.get("TMPDIR"));
            ProcessHandle me = ProcessHandle.current();
            assertEquals(me.pid() + "@" + me.info().startInstant().orElseThrow().toEpochMilli(),
                    seen.get("ARCHLAB_WORKER_PARENT"), "the worker watches this process");
        }
    }

    /**
     * Two stacked 4-channel convolutions, whose weight gradients oneDNN's AVX2 and AVX-512 kernels made
     * NaN within a few steps, and differently from run to run, on this project's AMD Zen 5 machines: a worker
     * started from an environment that says nothing of the kernels trains them, and the same seed
     * gives the same metrics twice.
     */
    @Test
    void should_train_stacked_convolutions_reproducibly_in_a_worker_whatever_the_launchers_kernels()
            throws Exception {
        String twoStage = "import io.archlab.sandbox.dsl.*;\npublic final class TwoStage implements Architecture {\n"
                + "  public Tensor forward(Net n, Tensor x) {\n"
                + "    Tensor h = n.conv2d(n.conv2d(x, 4, 3).relu(), 4, 3).relu().maxPool(2);\n"
                + "    return n.linear(h.flatten(), n.numClasses());\n  }\n}\n";
        java.util.Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.keySet().removeIf(k -> k.startsWith("DNNL_") || k.startsWith("ONEDNN_"));
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, LocalWorkerPool.Limits.defaults(),
                dir.resolve("logs"), env)) {
            for (long seed = 1; seed <= 3; seed++) {
                List<Double> accuracies = new java.util.ArrayList<>();
                for (int repeat = 0; repeat < 2; repeat++) {
                    TrialResult r = pool.run(new TrialRequest("c" + seed, twoStage, seed,
                            TrialRequest.Compute.epochs(1, 600), new Budgets(1_000_000, 0, 0), 64,
                            TrialRequest.Optim.adamW(1e-3f), null));
                    assertTrue(r.succeeded(), "seed " + seed + ": " + r.outcome());
                    accuracies.add(r.metrics().valAccuracy());
                }
                assertEquals(accuracies.get(0), accuracies.get(1), "seed " + seed + " twice");
            }
        }
    }

    /** 150 steps (an epoch is 84) with rungs at {@code rungs} steps. */
    static TrialRequest rungs(List<Long> rungs) {
        return request(Baselines.get("Mlp").source(), TrialRequest.Compute.steps(150, 300).withRungs(rungs), null);
    }

    static List<Long> steps(TrialResult r) {
        return r.curve().stream().map(io.archlab.sandbox.train.EpochPoint::steps).toList();
    }

    @Test
    void should_prune_a_trial_in_a_worker_at_the_rung_its_gate_stops_and_keep_the_worker() throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, LocalWorkerPool.Limits.defaults(),
                dir.resolve("logs"))) {
            RecordingGate gate = new RecordingGate(java.util.Map.of(1, "not in the top third at rung 1"));
            TrialResult r = pool.run(rungs(List.of(30L, 100L)), gate);
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
            assertEquals(FailureKind.PRUNED, f.kind(), f.message());
            assertEquals(Stage.TRAIN, f.stage());
            assertEquals("not in the top third at rung 1", f.message());
            assertEquals(List.of(0, 1), gate.calls().stream().map(RecordingGate.Call::rung).toList());
            assertEquals(List.of(30L, 100L), gate.steps());
            assertEquals(100, r.metrics().steps());
            assertEquals(List.of(30L, 84L, 100L), steps(r), "the rungs and the epoch end between them");
            assertEquals(gate.calls().get(0).valAccuracy(), r.curve().get(0).valAccuracy());
            assertEquals(gate.calls().get(1).valAccuracy(), r.curve().get(2).valAccuracy());
            assertEquals(r.curve().get(2).valAccuracy(), r.metrics().valAccuracy());

            TrialResult after = pool.run(quick(Baselines.get("Mlp").source(), null));
            assertTrue(after.succeeded(), "the worker trains on: " + after.outcome());
            assertEquals(1, pool.workersStarted(), "a pruned trial leaves its worker in service");
        }
    }

    @Test
    void should_train_a_trial_fully_when_its_gate_throws() throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, LocalWorkerPool.Limits.defaults(),
                dir.resolve("logs"))) {
            TrialResult r = pool.run(rungs(List.of(50L)), (rung, steps, acc) -> {
                throw new IllegalStateException("the store is down");
            });
            assertTrue(r.succeeded(), r.outcome().toString());
            assertEquals(150, r.metrics().steps());
            assertEquals(List.of(50L, 84L, 150L), steps(r));
            assertEquals(1, pool.workersStarted());
        }
    }

    @Test
    void should_end_a_trial_at_once_as_crashed_when_the_worker_skips_a_rung() throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(scripted("skipped-rung"), SPEC,
                LocalWorkerPool.Limits.defaults(), dir.resolve("logs"))) {
            RecordingGate gate = RecordingGate.goingOn();
            TrialResult r = pool.run(rungs(List.of(30L, 100L, 120L)), gate);
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome());
            assertEquals(FailureKind.CRASHED, f.kind(), f.message());
            assertEquals(Stage.TRAIN, f.stage(), f.message());
            assertEquals("the worker sent rung 2 when rung 1 was next: the worker was stopped", f.message());
            assertEquals(List.of(new RecordingGate.Call(0, 30, 0.5)), gate.calls(), "rung 2 never reached the gate");
            assertEquals(2, pool.workersStarted(), "the worker was replaced");
        }
    }

    @Test
    void should_kill_a_worker_past_its_memory_cap() throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(LAUNCH, SPEC, new LocalWorkerPool.Limits(1, 64L << 20, 45, 180),
                dir.resolve("logs"))) {
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class,
                    pool.run(endless(Baselines.get("Mlp").source(), 5)).outcome());
            assertEquals(FailureKind.OUT_OF_MEMORY, f.kind(), f.message());
            assertTrue(f.message().contains("over the cap of 64 MB"), f.message());
        }
    }
}
