package io.archlab.sandbox.worker;

import com.fasterxml.jackson.databind.JsonNode;
import io.archlab.sandbox.compile.CandidateThreads;
import io.archlab.sandbox.compile.DslCompiler;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.data.Tasks;
import io.archlab.sandbox.train.FailureKind;
import io.archlab.sandbox.train.InProcessTrialRunner;
import io.archlab.sandbox.train.Outcome;
import io.archlab.sandbox.train.Stage;
import io.archlab.sandbox.train.TrialRequest;
import io.archlab.sandbox.train.TrialResult;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * A worker process: loads its task's data once, then runs one trial at a time for the coordinator
 * over {@link Protocol}, asking the coordinator at each of a trial's rungs whether it goes on
 * ({@link CoordinatorGate}). Standard output carries only protocol messages; everything else a
 * library prints goes to standard error. A worker in which candidate code is still running after a
 * trial (on a thread the sandbox does not stop) says so with the result and ends.
 */
public final class WorkerMain {
    private WorkerMain() {
    }

    public static void main(String[] args) throws IOException {
        ParentWatch.start();
        System.exit(serve());
    }

    /**
     * Serves the coordinator until it says exit or closes the pipe; returns the exit code. Watches
     * the launcher first ({@link ParentWatch}), if the caller has not already.
     */
    public static int serve() throws IOException {
        ParentWatch.start();
        System.setProperty("ai.djl.offline", "true");
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        protocol.println(Protocol.message("hello", "pid", ProcessHandle.current().pid()));
        InProcessTrialRunner runner = null;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode m = Protocol.parse(line);
                switch (m.path("kind").asText()) {
                    case "init" -> {
                        WorkerSpec spec = Protocol.JSON.treeToValue(m.get("spec"), WorkerSpec.class);
                        try {
                            runner = start(spec, stage -> protocol.println(Protocol.message("stage", "stage", stage)));
                            protocol.println(Protocol.message("ready", null, null));
                        } catch (RuntimeException e) {
                            protocol.println(Protocol.message("error", "message", String.valueOf(e.getMessage())));
                        }
                    }
                    case "trial" -> {
                        if (runner == null) {
                            protocol.println(Protocol.message("error", "message", "trial before init"));
                            continue;
                        }
                        TrialRequest req = Protocol.request(m);
                        CoordinatorGate gate = new CoordinatorGate(in, protocol);
                        TrialResult r = runner.run(req, gate);
                        List<String> outlived = CandidateThreads.runningAny();
                        if (!outlived.isEmpty()) {
                            // Later trials must not train beside it: this worker ends, the pool starts another.
                            protocol.println(Protocol.result(retired(r, outlived), true));
                            return RETIRED;
                        }
                        protocol.println(Protocol.result(r, false));
                        if (gate.ended()) {
                            return 0;
                        }
                    }
                    case "exit" -> {
                        return 0;
                    }
                    default -> protocol.println(Protocol.message("error", "message", "unknown message kind"));
                }
            }
            return 0;
        } finally {
            if (runner != null) {
                runner.close();
            }
        }
    }

    /** The exit code of a worker that ended because candidate code outlived its trial. */
    static final int RETIRED = 4;

    /** {@code r} as a failure saying that candidate code outlived the trial and the worker is replaced. */
    static TrialResult retired(TrialResult r, List<String> threads) {
        String note = "candidate code was still running after the trial, on thread(s) " + String.join(", ", threads)
                + ": this worker is replaced, not reused";
        Outcome.Failed f = r.outcome() instanceof Outcome.Failed failed
                ? new Outcome.Failed(failed.kind(), failed.stage(), failed.message() + "; " + note)
                : new Outcome.Failed(FailureKind.TIMEOUT, Stage.TRACE, note);
        return new TrialResult(f, r.graph(), null, r.curve(), r.totalSeconds());
    }

    private static InProcessTrialRunner start(WorkerSpec spec, Consumer<Stage> progress) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(spec.threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        TaskData data = Tasks.load(spec.task(), spec.data(), spec.allowSubset(), spec.seqLen(), spec.vocab());
        return new InProcessTrialRunner(new DslFrontEnd(new DslCompiler()), data.task(),
                Splits.of(data, spec.validationFraction()), progress);
    }
}
