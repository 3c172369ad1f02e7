package io.archlab.sandbox.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.archlab.sandbox.ir.BoundedText;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.ProcStatus;
import io.archlab.sandbox.train.RungGate;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One worker process of a {@link LocalWorkerPool} and the protocol conversation with it: the
 * handshake, then one trial at a time, answering its rungs ({@link RungAnswers}), watched for its
 * deadline, its resident memory, its death, and lines that cannot be read or rungs out of order. A
 * worker that failed a trial in any of these ways, or said it must not be reused, is {@link #retired}.
 */
final class WorkerProcess {
    /** How often a running trial's worker is checked. */
    static final long POLL_MILLIS = 100;
    /** HotSpot's fatal-error banner: "#  SIGSEGV (0xb) at pc=..., pid=..., tid=..." then "# C  [libx.so+0x..]". */
    private static final java.util.regex.Pattern FATAL_SIGNAL =
            java.util.regex.Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\)");

    final Process process;
    final Path log;
    private final LocalWorkerPool.Limits limits;
    private final PrintStream out;
    private final BlockingQueue<Protocol.Line> lines = new LinkedBlockingQueue<>();
    /** The last lines on the protocol channel that were not protocol messages (HotSpot's fatal-error banner). */
    private final java.util.ArrayDeque<String> stray = new java.util.ArrayDeque<>();
    /** Whether this worker must not be given another trial. */
    boolean retired;
    /** The stage the running trial is at, as the worker last said. */
    private Stage stage = Stage.COMPILE;
    /** The running trial's rungs: which comes next, and the gate that answers them. */
    private RungAnswers rungs = new RungAnswers(List.of(), RungGate.NONE);

    /** Talks to {@code process}, a worker just started whose standard error goes to {@code log}. */
    WorkerProcess(Process process, Path log, LocalWorkerPool.Limits limits) {
        this.process = process;
        this.log = log;
        this.limits = limits;
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

    /** Waits for the worker's hello, gives it {@code spec} and waits until it is ready. */
    void handshake(WorkerSpec spec) {
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

    /**
     * Runs {@code req} in the worker, answering its rungs with {@code gate} (made
     * {@link RungGate#tolerant}); {@code start} is when the trial began ({@link System#nanoTime()}).
     * Time spent in the gate is added to the trial's deadline: it is not the trial's.
     */
    TrialResult run(TrialRequest req, long start, RungGate gate) {
        out.println(Protocol.trial(req));
        double allowed = req.seconds() * 1.1 + limits.graceSeconds();
        long deadline = start + (long) (allowed * 1e9);
        stage = Stage.COMPILE;
        rungs = new RungAnswers(req.compute().rungs(), gate);
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
            if (System.nanoTime() - rungs.gateNanos() > deadline) {
                retired = true;
                kill();
                return failed(FailureKind.TIMEOUT, String.format("no result within %.1f s (safety cap %.1f s + 10 %% "
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
            case "rung" -> {
                try {
                    out.println(rungs.answer(m));
                } catch (IllegalStateException e) {
                    return unreadable(e.getMessage(), start);   // out of order: the conversation is lost
                }
            }
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
    private TrialResult failed(FailureKind kind, String message, long start) {
        return new TrialResult(new Outcome.Failed(kind, stage, message), null, null, List.of(),
                (System.nanoTime() - start) / 1e9);
    }

    /** The fatal signal HotSpot reported (on the protocol channel or in the log), else the log's last lines. */
    private String fault() {
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

    private String tail() {
        try {
            List<String> l = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", l.subList(Math.max(0, l.size() - 3), l.size()));
        } catch (IOException e) {
            return "(no worker log)";
        }
    }
}
