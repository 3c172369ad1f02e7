package io.archlab.app.cli;

import io.archlab.agent.RunConfig;
import io.archlab.agent.llm.LlmConfig;
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

/** {@code archlab bench discovery}. */
@Command(name = "discovery", mixinStandardHelpOptions = true,
        description = {"Proposers against each other in the same DSL space with the same budgets: for each seed, "
                + "one real run of each proposer for --minutes (no promotion, one trial per candidate, every run "
                + "training the same steps per trial); prints the best validation accuracy reached over time, the "
                + "test accuracy of what each run selected (mean ± standard deviation over seeds) and the relative "
                + "improvement over random search. With --llm replay:RUN the LLM's answers are those recorded in "
                + "run RUN of --home: no network, so anyone can re-run a published comparison.", ""})
public class BenchDiscoveryCommand implements Callable<Integer> {
    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The knowledge base a {@code replay:RUN} model reads from; the runs themselves use temporary homes. */
    @Mixin
    HomeOption home;

    @Option(names = "--task", paramLabel = "NAME", defaultValue = "fashion-mnist",
            description = "the task (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--data", paramLabel = "DIR", description = "the task's data (default: the full Fashion-MNIST "
            + "if installed, else the shipped subset)")
    String data;

    @Option(names = "--proposer", paramLabel = "LIST", split = ",", defaultValue = "evolve,random",
            description = "the proposers compared: llm, hybrid, evolve, random (default: ${DEFAULT-VALUE})")
    List<String> proposers;

    @Option(names = "--llm", paramLabel = "PROVIDER:MODEL", description = "the language model of llm and hybrid, as "
            + "for run (e.g. replay:RUN, ollama:qwen2.5-coder:7b); key from the same variables")
    String llm;

    @Option(names = "--llm-base-url", paramLabel = "URL", description = "the model's endpoint, as for run")
    String llmBaseUrl;

    @Option(names = "--minutes", paramLabel = "M", defaultValue = "5",
            description = "minutes per run (default: ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--budget-params", paramLabel = "N", defaultValue = "100000", converter = CountConverter.class,
            description = "parameter budget, e.g. 100k (default: ${DEFAULT-VALUE})")
    long params;

    @Option(names = "--trial-seconds", paramLabel = "S", defaultValue = "10",
            description = "seconds per trial, converted once (by the first run) into the steps every run trains "
                    + "(default: ${DEFAULT-VALUE})")
    double trialSeconds;

    @Option(names = "--trial-steps", paramLabel = "N", description = "instead: exactly N steps per trial")
    Long trialSteps;

    @Option(names = "--max-trials", paramLabel = "N", defaultValue = "100000",
            description = "trials per run at most; --minutes is the other limit (default: ${DEFAULT-VALUE})")
    int maxTrials;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "2",
            description = "runs of each proposer, with seeds 1..N (default: ${DEFAULT-VALUE})")
    int seeds;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (!(minutes > 0) || !(trialSeconds > 0) || seeds < 1 || seeds > 50 || maxTrials < 1) {
            throw new CommandLine.ParameterException(cl, "--minutes and --trial-seconds must be > 0, --max-trials >= 1 "
                    + "and --seeds in 1..50");
        }
        if (trialSteps != null && trialSteps < 1) {
            throw new CommandLine.ParameterException(cl, "--trial-steps must be >= 1, got " + trialSteps);
        }
        for (String p : proposers) {
            if (!RunConfig.PROPOSERS.contains(p)) {
                throw new CommandLine.ParameterException(cl, "--proposer: unknown proposer '" + p + "' (known: "
                        + String.join(", ", RunConfig.PROPOSERS) + ")");
            }
        }
        boolean needsModel = proposers.stream().anyMatch(RunConfig::usesLlm);
        if (needsModel != (llm != null)) {
            throw new CommandLine.ParameterException(cl, needsModel ? "--proposer llm and hybrid need --llm "
                    + "PROVIDER:MODEL (replay:RUN replays a recorded run offline)" : "--llm is only used by --proposer "
                    + "llm or hybrid");
        }
        LlmConfig model;
        try {
            model = llm == null ? null : LlmConfig.of(llm, llmBaseUrl).withTimeout(120, 4);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        PrintWriter out = cl.getOut();
        out.printf(Locale.ROOT, "%d seed(s) x %s, %.1f min each, %s-parameter budget, %s per trial: about %.0f min%n",
                seeds, proposers, minutes, params, trialSteps != null ? trialSteps + " steps"
                        : String.format(Locale.ROOT, "%.0f s of steps", trialSeconds), seeds * proposers.size() * minutes);
        out.flush();
        boolean replay = model != null && LlmConfig.REPLAY.equals(model.provider());
        try (Store source = replay ? Stores.open(home.resolve(config)) : null) {
            if (replay && source.run(model.model()).isEmpty()) {
                throw new CommandLine.ParameterException(cl, "--llm replay:" + model.model() + ": no such run in "
                        + home.resolve(config));
            }
            List<DiscoveryBenchmark.Outcome> o = DiscoveryBenchmark.run(new DiscoveryBenchmark.Spec(task, data, minutes,
                    params, trialSeconds, trialSteps == null ? null : RunConfig.Compute.steps(trialSteps), maxTrials, seeds, List.copyOf(proposers), model,
                    source, WorkerLaunch.command()), out);
            out.println();
            out.print(DiscoveryBenchmark.table(o, minutes));
        }
        out.flush();
        return 0;
    }
}
