package io.archlab.app.cli;

import io.archlab.agent.RunException;
import io.archlab.agent.RunLauncher;
import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.reports.Reports;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archlab report RUN}: writes the run's report as self-contained HTML and as Markdown. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a run's report: summary and spend, discoveries with their intervals and significance, "
                + "Pareto chart, best so far, lineage of each discovery, insights, failures and repairs, improvement "
                + "over random, fidelity correlation, and how to reproduce the run. HTML (self-contained, opens "
                + "offline) and Markdown (charts as SVG files beside it).", ""})
public class ReportCommand implements Callable<Integer> {
    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "RUN", description = "the run's id (see 'archlab status')")
    String runId;

    @Option(names = "--out", paramLabel = "DIR", description = "folder to write the report into (default: the run's "
            + "folder under the archlab home)")
    Path out;

    @Option(names = "--format", paramLabel = "LIST", defaultValue = "html,md",
            description = "html, md or both, comma-separated (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() throws Exception {
        java.util.Set<Reports.Format> formats;
        try {
            formats = Reports.formats(format);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: " + e.getMessage());
        }
        Path h = home.resolve(config);
        try (Store store = Stores.open(h)) {
            if (store.run(runId).isEmpty()) {
                throw new RunException("no run " + runId + " in " + h);
            }
            java.util.List<Path> files;
            try {
                files = Reports.write(store, runId, out != null ? out : RunLauncher.runDir(h, runId), formats);
            } catch (IllegalArgumentException e) {
                throw new RunException("the report of run " + runId + " cannot be written: " + e.getMessage());
            }
            for (Path file : files) {
                spec.commandLine().getOut().println(file.toAbsolutePath());
            }
        }
        return 0;
    }
}
