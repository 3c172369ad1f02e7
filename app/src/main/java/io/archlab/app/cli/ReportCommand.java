package io.archlab.app.cli;

import io.archlab.agent.RunException;
import io.archlab.agent.RunLauncher;
import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.reports.MarkdownReport;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archlab report RUN}: writes the run's Markdown report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a run's report (Markdown): summary and budgets, leaderboard, the best candidate's "
                + "source, trials, failures, and how to reproduce the run.", ""})
public class ReportCommand implements Callable<Integer> {
    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "RUN", description = "the run's id (see 'archlab status')")
    String runId;

    @Option(names = "--out", paramLabel = "DIR", description = "folder to write report.md into (default: the run's "
            + "folder under the archlab home)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path h = home.resolve(config);
        try (Store store = Stores.open(h)) {
            if (store.run(runId).isEmpty()) {
                throw new RunException("no run " + runId + " in " + h);
            }
            Path file = MarkdownReport.write(store, runId, out != null ? out : RunLauncher.runDir(h, runId));
            spec.commandLine().getOut().println(file.toAbsolutePath());
        }
        return 0;
    }
}
