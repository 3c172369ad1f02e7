package io.archlab.sandbox.worker;

import io.archlab.sandbox.train.RungGate;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs trials in persistent worker JVMs on this machine, one trial per worker at a time. Each
 * worker loads the data and starts the engine once. The pool watches every trial: a worker that
 * outlives the trial's deadline (its safety cap on training time plus 10 %, plus a grace for compiling and
 * evaluating), grows past the resident-memory cap (native memory included) or dies is killed and
 * replaced, and the trial ends with a typed outcome. A worker that says candidate code outlived its
 * trial is replaced too. The run goes on.
 */
public final class LocalWorkerPool implements TrialRunner {
    private final ThreadLocal<String> lastWorker = new ThreadLocal<>();
    /** Once closed, a worker whose trial ends is stopped, not replaced. */
    private volatile boolean closed;

    /**
     * Limits of the pool.
     *
     * @param workers      number of worker processes
     * @param maxRssBytes  resident memory cap of a worker, 0 for none
     * @param graceSeconds time allowed beyond the safety cap on training (+10 %) for compiling, building,
     *                     evaluating and reporting
     * @param startSeconds time allowed for a worker to start and load its data
     */
    public record Limits(int workers, long maxRssBytes, double graceSeconds, double startSeconds) {
        public static Limits defaults() {
            return new Limits(1, 0, 45, 180);
        }
    }

    private final List<String> launch;
    private final Map<String, String> environment;
    private final WorkerSpec spec;
    private final Limits limits;
    private final Path logDir;
    private final BlockingQueue<WorkerProcess> idle;
    private final List<WorkerProcess> all = new ArrayList<>();
    private int started;

    /**
     * @param launch the command that starts a worker process (it must run {@link WorkerMain#serve})
     * @param logDir where each worker's standard error goes: {@code worker-N.log}, numbered on from
     *               the logs already there
     */
    public LocalWorkerPool(List<String> launch, WorkerSpec spec, Limits limits, Path logDir) {
        this(launch, spec, limits, logDir, System.getenv());
    }

    /**
     * @param environment the environment workers start from; they get only what a JVM and DJL need
     *                    of it ({@link WorkerEnvironment}), never its secrets
     */
    public LocalWorkerPool(List<String> launch, WorkerSpec spec, Limits limits, Path logDir,
            Map<String, String> environment) {
        this.environment = WorkerEnvironment.of(environment);
        this.launch = List.copyOf(launch);
        this.spec = spec;
        this.limits = limits;
        this.logDir = logDir;
        this.idle = new ArrayBlockingQueue<>(limits.workers());
        for (int i = 0; i < limits.workers(); i++) {
            idle.add(startWorker());
        }
    }

    /** The launch command for a worker on this JVM's own class path (tests, plain Java). */
    public static List<String> javaLaunch(List<String> jvmOptions) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(WorkerMain.class.getName());
        return cmd;
    }

    /** Workers started so far, replacements included. */
    public synchronized int workersStarted() {
        return started;
    }

    @Override
    public TrialResult run(TrialRequest req) {
        return run(req, RungGate.NONE);
    }

    /**
     * Runs {@code req} in a worker, which asks at each rung whether it goes on; {@code gate} answers on
     * this thread, made {@link RungGate#tolerant} (a gate that throws lets the trial train on). The
     * time spent in it is added to the trial's deadline.
     */
    @Override
    public TrialResult run(TrialRequest req, RungGate gate) {
        WorkerProcess w;
        try {
            w = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerException("interrupted while waiting for a worker");
        }
        long start = System.nanoTime();
        TrialResult result = null;
        lastWorker.set("worker pid " + w.process.pid());
        try {
            result = w.run(req, start, gate);
            return result;
        } finally {
            if (closed) {
                w.kill();
            } else {
                idle.add(result != null && w.alive() && !w.retired ? w : replace(w));
            }
        }
    }

    @Override
    public String lastWorker() {
        String w = lastWorker.get();
        return w == null ? "worker" : w;
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            for (WorkerProcess w : all) {
                w.stop();
            }
        }
    }

    /**
     * The number of a new worker's log, claimed by creating {@code worker-N.log}: one past the
     * highest in the directory, so a new pool on it (a resumed run) keeps the logs of earlier ones
     * and the numbers give the order in which workers started.
     */
    private int claimLog() throws IOException {
        Files.createDirectories(logDir);
        int n = 0;
        try (java.nio.file.DirectoryStream<Path> logs = Files.newDirectoryStream(logDir, "worker-*.log")) {
            for (Path f : logs) {
                java.util.regex.Matcher m = LOG_NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    n = Math.max(n, Integer.parseInt(m.group(1)));
                }
            }
        }
        while (true) {
            try {
                Files.createFile(logDir.resolve("worker-" + (++n) + ".log"));
                return n;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another pool on the same directory took it first
            }
        }
    }

    private static final java.util.regex.Pattern LOG_NAME = java.util.regex.Pattern.compile("worker-(\\d{1,9})\\.log");

    private synchronized WorkerProcess replace(WorkerProcess dead) {
        dead.kill();
        all.remove(dead);
        return startWorker();
    }

    private synchronized WorkerProcess startWorker() {
        try {
            int n = claimLog();
            started++;
            Path log = logDir.resolve("worker-" + n + ".log");
            // Each worker works in a scratch directory of its own: relative paths and temp files
            // land there, not in the user's working directory.
            Path scratch = Files.createDirectories(logDir.resolve("worker-" + n + ".tmp"));
            ProcessBuilder pb = new ProcessBuilder(launch).redirectError(log.toFile()).directory(scratch.toFile());
            pb.environment().clear();
            pb.environment().putAll(environment);
            pb.environment().put("TMPDIR", scratch.toAbsolutePath().toString());
            pb.environment().put(ParentWatch.ENV, ParentWatch.describe(ProcessHandle.current()));
            Process p = pb.start();
            WorkerProcess w = new WorkerProcess(p, log, limits);
            w.handshake(spec);
            all.add(w);
            return w;
        } catch (IOException e) {
            throw new WorkerException("cannot start a worker (" + String.join(" ", launch) + "): " + e.getMessage());
        }
    }
}
