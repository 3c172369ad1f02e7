package io.archlab.app.cli;

import io.archlab.agent.RunConfig;
import io.archlab.app.ArchlabConfig;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code archlab demo}: a short discovery run on Fashion-MNIST with embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A short discovery run on Fashion-MNIST with embedded defaults: " + DemoCommand.TRIALS
                + " trials of " + (int) DemoCommand.TRIAL_SECONDS + " s each (3 baselines, then evolved candidates; "
                + "the best of each round of " + DemoCommand.ROUND + " re-trained with 3 seeds against its parent and "
                + "the best baseline) within a " + DemoCommand.PARAMS / 1000 + "k parameter budget; then the best "
                + "candidate and the best baseline trained again with random crops, flips and label smoothing, 3 "
                + "seeds each, and compared on the test split. Uses the full "
                + "data set when installed, else the subset shipped with archlab. Takes 2-6 minutes on 2 "
                + "cores.", ""})
public class DemoCommand implements Callable<Integer> {
    static final int TRIALS = 16;
    static final double TRIAL_SECONDS = 3;
    static final int ROUND = 5;
    static final double MINUTES = 6;
    static final long PARAMS = 300_000;
    /** Steps of a final trial over a screening's. */
    static final double FINAL_FACTOR = 1.5;

    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--data", paramLabel = "DIR",
            description = "directory with the four Fashion-MNIST idx files, or 'subset' for the shipped subset")
    String data;

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = RunConfig.defaults().withData(data, true).withBudgets(TRIALS, MINUTES, TRIAL_SECONDS, PARAMS)
                .withTaskAndSeed("fashion-mnist", 1).withEvaluation(new RunConfig.Evaluation(3, ROUND, ROUND, 1.5, 0))
                .withFinal(new RunConfig.Final(1, 3, FINAL_FACTOR, RunConfig.Final.recipe("fashion-mnist")));
        return RunSession.start(home.resolve(config), cfg, spec.commandLine().getOut());
    }
}
