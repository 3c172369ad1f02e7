package io.archlab.sandbox.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.archlab.sandbox.ir.BoundedText;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.ProcStatus;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import io.archlab.sandbox.train.TrialRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs trials in persistent worker JVMs on this machine, one trial per worker at a time. Each
 * worker loads the data and starts the engine once. The pool watches every trial: a worker that
 * outlives the trial's deadline (its time budget plus 10 %, plus a grace for compiling and
 * evaluating), grows past the resident-memory cap (native memory included) or dies is killed and
 * replaced, and the trial ends with a typed outcome. A worker that says candidate code outlived its
 * trial is replaced too. The run goes on.
 */
public final class LocalWorkerPool implements TrialRunner {
    /** How often a running trial's worker is checked. */
    static final long POLL_MILLIS = 100;
    private final ThreadLocal<String> lastWorker = new ThreadLocal<>();
    /** Once closed, a worker whose trial ends is stopped, not replaced. */
    private volatile boolean closed;
    /** HotSpot's fatal-error banner: "#  SIGSEGV (0xb) at pc=..., pid=..., tid=..." then "# C  [libx.so+0x..]". */
    private static final java.util.regex.Pattern FATAL_SIGNAL =
            java.util.regex.Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");

    /**
     * Limits of the pool.
     *
     * @param workers      number of worker processes
     * @param maxRssBytes  resident memory cap of a worker, 0 for none
     * @param graceSeconds time allowed beyond the training budget (+10 %) for compiling, building,
     *                     evaluating and reporting
     * @param startSeconds time allowed for a worker to start and load its data
     */
    public record Limits(int workers, long maxRssBytes, double graceSeconds, double startSeconds) {
        public static Limits defaults() {
            return new Limits(1, 0, 45, 180);
        }
    }

    private final List<String> launch;
    private final WorkerSpec spec;
    private final Limits limits;
    private final Path logDir;
    private final BlockingQueue<Worker> idle;
    private final List<Worker> all = new ArrayList<>();
    private int started;

    /**
     * @param launch the command that starts a worker process (it must run {@link WorkerMain#serve})
     * @param logDir where each worker's standard error goes
     */
    public LocalWorkerPool(List<String> launch, WorkerSpec spec, Limits limits, Path logDir) {
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
        Worker w;
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
            result = w.run(req, start);
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
            for (Worker w : all) {
                w.stop();
            }
        }
    }

    private synchronized Worker replace(Worker dead) {
        dead.kill();
        all.remove(dead);
        return startWorker();
    }

    private synchronized Worker startWorker() {
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve("worker-" + (++started) + ".log");
            // Each worker works in a scratch directory of its own: relative paths and temp files
            // land there, not in the user's working directory.
            Path scratch = Files.createDirectories(logDir.resolve("worker-" + started + ".tmp"));
            ProcessBuilder pb = new ProcessBuilder(launch).redirectError(log.toFile()).directory(scratch.toFile());
            pb.environment().put("TMPDIR", scratch.toAbsolutePath().toString());
            Process p = pb.start();
            Worker w = new Worker(p, log);
            w.handshake();
            all.add(w);
            return w;
        } catch (IOException e) {
            throw new WorkerException("cannot start a worker (" + String.join(" ", launch) + "): " + e.getMessage());
        }
    }

    private final class Worker {
        final Process process;
        final Path log;
        final PrintStream out;
        final BlockingQueue<Protocol.Line> lines = new LinkedBlockingQueue<>();
        boolean retired;
        /** The stage the running trial is at, as the worker last said. */
        Stage stage = Stage.COMPILE;
        /** The last lines on the protocol channel that were not protocol messages (HotSpot's fatal-error banner). */
        final java.util.ArrayDeque<String> stray = new java.util.ArrayDeque<>();

        Worker(Process process, Path log) {
            this.process = process;
            this.log = log;
            this.out = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    Protocol.Line line;
                    while ((line = Protocol.readLine(r)) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the worker died; run() notices the dead process
                }
            }, "archlab-worker-reader-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        boolean alive() {
            return process.isAlive();
        }

        void handshake() {
            long deadline = System.nanoTime() + (long) (limits.startSeconds() * 1e9);
            JsonNode hello = await(deadline, "hello");
            if (hello == null) {
                kill();
                throw new WorkerException("worker did not start within " + limits.startSeconds() + " s: " + tail());
            }
            out.println(Protocol.message("init", "spec", spec));
            JsonNode ready = await(deadline, "ready");
            if (ready == null) {
                kill();
                throw new WorkerException("worker did not get ready: " + tail());
            }
        }

        /** The next message of {@code kind} before the deadline; null on timeout, death or error. */
        private JsonNode await(long deadline, String kind) {
            while (System.nanoTime() < deadline) {
                Protocol.Line line;
                try {
                    line = lines.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                JsonNode m = line == null ? null : Protocol.parseOrNull(line.text());
                if (m != null) {
                    if (m.path("kind").asText().equals(kind)) {
                        return m;
                    }
                    if (m.path("kind").asText().equals("error")) {
                        throw new WorkerException("worker error: " + m.path("message").asText());
                    }
                } else if (line == null && !process.isAlive() && lines.isEmpty()) {
                    return null;
                }
            }
            return null;
        }

        TrialResult run(TrialRequest req, long start) {
            out.println(Protocol.message("trial", "request", req));
            double allowed = req.seconds() * 1.1 + limits.graceSeconds();
            long deadline = start + (long) (allowed * 1e9);
            stage = Stage.COMPILE;
            while (true) {
                Protocol.Line line;
                try {
                    line = lines.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new WorkerException("interrupted during a trial");
                }
                if (line != null) {
                    TrialResult r = read(line, start);
                    if (r != null) {
                        return r;
                    }
                    continue;
                }
                if (!process.isAlive()) {
                    retired = true;
                    return failed(FailureKind.CRASHED, "the worker process died (exit code " + process.exitValue()
                            + "): " + fault(), start);
                }
                if (limits.maxRssBytes() > 0) {
                    long rss = ProcStatus.residentBytes(process.pid());
                    if (rss > limits.maxRssBytes()) {
                        retired = true;
                        kill();
                        return failed(FailureKind.OUT_OF_MEMORY, String.format("the worker grew to %,d MB of resident "
                                + "memory, over the cap of %,d MB", rss >> 20, limits.maxRssBytes() >> 20), start);
                    }
                }
                if (System.nanoTime() > deadline) {
                    retired = true;
                    kill();
                    return failed(FailureKind.TIMEOUT, String.format("no result within %.1f s (budget %.1f s + 10 %% "
                            + "+ %.0f s grace): the worker was stopped", allowed, req.seconds(), limits.graceSeconds()),
                            start);
                }
            }
        }

        void stop() {
            if (process.isAlive()) {
                out.println(Protocol.message("exit", null, null));
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        kill();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    kill();
                }
            }
        }

        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The trial's result when {@code line} ends it (a result, or a line that cannot be read), else null. */
        private TrialResult read(Protocol.Line line, long start) {
            if (line.tooLong()) {
                return unreadable(String.format("the worker sent a line of %,d characters, over the protocol's limit "
                        + "of %,d", line.length(), Protocol.MAX_LINE_CHARS), start);
            }
            JsonNode m;
            try {
                m = Protocol.parse(line.text());
            } catch (IllegalStateException e) {
                if (line.text().startsWith("{")) {
                    return unreadable("the worker's message could not be read ("
                            + BoundedText.of(e.getMessage(), 500) + ")", start);
                }
                if (stray.size() == 50) {
                    stray.removeFirst();
                }
                stray.addLast(line.text());   // not ours: the JVM prints its fatal-error banner here
                return null;
            }
            switch (m.path("kind").asText()) {
                case "stage" -> stage = Stage.valueOf(m.path("stage").asText());
                case "result" -> {
                    if (m.path("retire").asBoolean()) {
                        retired = true;   // candidate code outlived the trial in it
                    }
                    try {
                        return Protocol.JSON.treeToValue(m.get("result"), TrialResult.class);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return unreadable("the worker's result could not be read ("
                                + BoundedText.of(e.getOriginalMessage(), 500) + ")", start);
                    }
                }
                default -> { }
            }
            return null;
        }

        /** Ends a trial whose worker sent what cannot be read: at once, not at the deadline. */
        private TrialResult unreadable(String why, long start) {
            retired = true;
            kill();
            return failed(FailureKind.CRASHED, why + ": the worker was stopped", start);
        }

        /** A failure seen from here, put at the stage the worker last said it began. */
        TrialResult failed(FailureKind kind, String message, long start) {
            return new TrialResult(new Outcome.Failed(kind, stage, message), null, null, List.of(),
                    (System.nanoTime() - start) / 1e9);
        }

        /** The fatal signal HotSpot reported (on the protocol channel or in the log), else the log's last lines. */
        String fault() {
            List<String> l = new ArrayList<>(stray);
            try {
                l.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the banner on the protocol channel may still name the fault
            }
            for (String line : l) {
                java.util.regex.Matcher m = FATAL_SIGNAL.matcher(line);
                if (m.find()) {
                    int frame = l.indexOf("# Problematic frame:");
                    return "fatal signal " + m.group(1) + (frame >= 0 && frame + 1 < l.size()
                            ? " at " + l.get(frame + 1).substring(1).strip() : "");
                }
            }
            return tail();
        }

        String tail() {
            try {
                List<String> l = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join(" | ", l.subList(Math.max(0, l.size() - 3), l.size()));
            } catch (IOException e) {
                return "(no worker log)";
            }
        }
    }


}
