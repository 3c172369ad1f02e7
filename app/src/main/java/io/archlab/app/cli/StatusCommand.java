package io.archlab.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.archlab.agent.RunException;
import io.archlab.agent.RunSummaries;
import io.archlab.agent.RunSummary;
import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archlab status}: runs with their state, progress and best candidate. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show runs: state, trials finished, and the best candidate with its validation accuracy and "
                + "parameter count.", ""})
public class StatusCommand implements Callable<Integer> {
    @Inject
    ArchlabConfig config;

    @Inject
    ObjectMapper json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "only this run")
    String runId;

    @Option(names = "--json", description = "print machine-readable JSON (an array of run summaries)")
    boolean asJson;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<RunSummary> runs;
        try (Store store = Stores.open(home.resolve(config))) {
            if (runId != null) {
                runs = List.of(RunSummaries.of(store, store.run(runId)
                        .orElseThrow(() -> new RunException("no run " + runId + " in " + home.resolve(config)))));
            } else {
                runs = RunSummaries.all(store);
            }
        }
        if (asJson) {
            out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(runs));
        } else if (runs.isEmpty()) {
            out.println("no runs in " + home.resolve(config) + " (start one with 'archlab demo' or 'archlab run')");
        } else {
            out.printf(Locale.ROOT, "%-20s  %-11s  %7s  %-24s  %8s  %10s%n", "run", "state", "trials", "best",
                    "val acc", "params");
            for (RunSummary r : runs) {
                RunSummary.Best b = r.best();
                out.printf(Locale.ROOT, "%-20s  %-11s  %3d/%-3d  %-24s  %8s  %10s%n", r.runId(), r.state(),
                        r.trialsFinished(), r.maxTrials(), b == null ? "-" : b.name(),
                        b == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * b.valAccuracy()),
                        b == null ? "-" : String.format(Locale.ROOT, "%,d", b.params()));
            }
        }
        out.flush();
        return 0;
    }
}
