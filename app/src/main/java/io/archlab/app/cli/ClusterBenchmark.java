package io.archlab.app.cli;

import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.baselines.Baselines;
import io.archlab.sandbox.cluster.ClusterSecret;
import io.archlab.sandbox.cluster.ClusterTrialRunner;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import io.archlab.sandbox.worker.LocalWorkerPool;
import io.archlab.sandbox.worker.WorkerSpec;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput of trials on 1, 2, 3... worker members on this machine, each member a real
 * {@code archlab worker --join} process, against the same trials on this machine's own worker
 * pool. Every trial trains the same network (its source made unique by a comment, so every check
 * runs as for a new proposal) for a fixed number of epochs (a fixed amount of work,
 * not a time budget), so trials per hour measure compute, not the budget. Each setup first runs
 * one trial per member (starting its trial processes and loading the data), which is not timed.
 */
final class ClusterBenchmark {
    /**
     * One setup's figures.
     *
     * @param setup        what ran the trials
     * @param members      worker members (0 for this machine's own pool)
     * @param cores        cores offered in all
     * @param trials       timed trials
     * @param wallSeconds  wall time of the timed trials
     * @param overheadMs   per trial: dispatch to result on the coordinator minus the trial's time on the
     *                     member (empty for the local pool)
     */
    record Row(String setup, int members, int cores, int trials, double wallSeconds, List<Double> overheadMs) {
        double trialsPerHour() {
            return trials / wallSeconds * 3600;
        }
    }

    private final List<String> memberCommand;
    private final String model;
    private final int epochs;

    /**
     * @param memberCommand the command that starts archlab (its {@code worker} subcommand is appended)
     */
    ClusterBenchmark(List<String> memberCommand, String model, int epochs) {
        this.memberCommand = List.copyOf(memberCommand);
        this.model = model;
        this.epochs = epochs;
    }

    private TrialRequest request(int i) {
        // Each trial's source differs (by a comment), as a run's proposals do: nothing is checked only once.
        return new TrialRequest("bench-" + i, Baselines.get(model).source() + "\n// trial " + i + "\n", i,
                TrialRequest.Compute.epochs(epochs, 600), new Budgets(10_000_000, 0, 0), 64,
                TrialRequest.Optim.adamW(1e-3f), null);
    }

    /** The same trials in this machine's own pool of {@code processes} trial processes. */
    Row local(List<String> launch, int processes, int threadsEach, int trials, Path logs) throws Exception {
        try (LocalWorkerPool pool = new LocalWorkerPool(launch, new WorkerSpec("fashion-mnist", "subset", true, 0, 0,
                0.1, threadsEach), new LocalWorkerPool.Limits(processes, 0, 45, 180), logs)) {
            timed(pool, processes, 0, processes);   // warm-up: the pool's processes train once
            double wall = timed(pool, processes, 1000, trials);
            return new Row("this machine's worker pool (" + processes + " process" + (processes > 1 ? "es" : "") + ")",
                    0, processes * threadsEach, trials, wall, List.of());
        }
    }

    /** The trials on {@code members} worker members of {@code cores} cores each. */
    Row cluster(int members, int cores, int trials, Path dir) throws Exception {
        String secret = "bench-" + java.util.UUID.randomUUID();
        int port = freePort();
        List<Process> processes = new ArrayList<>();
        try (ClusterTrialRunner runner = new ClusterTrialRunner(ClusterSecret.of(secret), new ClusterTrialRunner
                .Settings("127.0.0.1", port, List.of(), Map.of(), 45, 300), "fashion-mnist", "subset", Map.of(), 0, 0,
                0.1, Map.of(), ClusterTrialRunner.Listener.NONE)) {
            for (int m = 0; m < members; m++) {
                List<String> cmd = new ArrayList<>(memberCommand);
                cmd.addAll(List.of("worker", "--join", "127.0.0.1:" + port, "--cores", Integer.toString(cores),
                        "--home", dir.resolve("member-" + members + "-" + m).toString()));
                Path log = Files.createDirectories(dir.resolve("logs"));
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(log.resolve("member-" + members + "-" + m + ".txt").toFile());
                pb.environment().put(ClusterSecret.ENV, secret);
                processes.add(pb.start());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (runner.capacity() < members) {
                for (Process p : processes) {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("a worker member exited (" + p.exitValue() + "); see "
                                + dir.resolve("logs"));
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the worker members did not join within 300 s");
                }
                Thread.sleep(100);
            }
            timed(runner, members, 0, members);   // warm-up: each member starts its trial process once
            int before = runner.stats().results();
            double wall = timed(runner, members, 1000, trials);
            List<Double> overheads = runner.stats().overheadMillis();
            return new Row(members + " worker member" + (members > 1 ? "s" : "") + " x " + cores + " core", members,
                    members * cores, trials, wall, overheads.subList(before, overheads.size()));
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Runs {@code n} trials with {@code parallel} at a time; the wall time in seconds. */
    private double timed(TrialRunner runner, int parallel, int firstId, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < parallel; t++) {
                all.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        TrialResult r = runner.run(request(firstId + i));
                        if (!r.succeeded()) {
                            throw new IllegalStateException("benchmark trial failed: " + r.outcome());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
