package io.archlab.app.cli;

import io.archlab.sandbox.worker.WorkerMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code archlab worker}: a trial worker, started by a run; speaks the worker protocol on stdin/stdout. */
@Command(name = "worker", hidden = true, description = "Internal: a trial worker process started by a run.")
public class WorkerCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        return WorkerMain.serve();
    }
}
