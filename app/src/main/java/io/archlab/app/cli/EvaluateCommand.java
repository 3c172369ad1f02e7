package io.archlab.app.cli;

import io.archlab.agent.RunException;
import io.archlab.agent.RunLauncher;
import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.reports.Reports;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code archlab evaluate RUN}: the test split of a completed run read again with the current
 * selection rule (for runs stored before it, which evaluated one model of the screening leader),
 * then the run's report rewritten.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a completed run's selected candidate on the test split: each of its final (else "
                + "promoted) models (one per seed) and the best baseline's, one record per model; then rewrite the "
                + "run's report. Runs do this themselves when they end; this is for runs stored by an older archlab.", ""})
public class EvaluateCommand implements Callable<Integer> {
    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "RUN", description = "the run's id (see 'archlab status')")
    String runId;

    @Override
    public Integer call() throws Exception {
        Path h = home.resolve(config);
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = Stores.open(h)) {
            if (store.run(runId).isEmpty()) {
                throw new RunException("no run " + runId + " in " + h);
            }
            new RunLauncher(store, h, new ConsoleListener(out), WorkerLaunch.command()).evaluate(runId);
            for (Path file : Reports.write(store, runId, RunLauncher.runDir(h, runId), EnumSet.allOf(Reports.Format.class))) {
                out.println("report: " + file);
            }
        }
        out.flush();
        return 0;
    }
}
