package io.archlab.app.cli;

import io.archlab.agent.RunConfig;
import io.archlab.app.ArchlabConfig;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code archlab run}: a discovery run with the given task and budgets, or the resumption of one. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run architecture discovery: evaluate the built-in baselines, then propose, train and score "
                + "new candidates until the trial or time budget is spent. Ends with a leaderboard and a report.",
            ""})
public class RunCommand implements Callable<Integer> {
    static final List<String> RUN_OPTIONS = List.of("--task", "--data", "--max-trials", "--max-minutes",
            "--trial-seconds", "--trial-steps", "--trial-epochs", "--budget-params", "--budget-macs", "--budget-memory", "--seed", "--max-epochs",
            "--batch-size", "--learning-rate", "--seq-len", "--vocab", "--seeds", "--eta", "--round-size",
            "--fidelity-factor", "--final-candidates", "--final-seeds", "--final-factor", "--final-recipe",
            "--random-samples", "--proposer", "--llm", "--llm-base-url", "--llm-reasoning-effort", "--llm-timeout",
            "--llm-price-in", "--llm-price-out", "--max-llm-usd", "--max-llm-tokens", "--parallel", "--prescreen",
            "--nb201-dataset", "--latency-table", "--device", "--max-latency-ms", "--cluster", "--place", "--cluster-allow",
            "--secret-file");

    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--task", paramLabel = "NAME", defaultValue = "fashion-mnist",
            description = "fashion-mnist, cifar10, mqar (generated), text (next character of a UTF-8 file), csv "
                    + "(tabular; label in the last column) or nb201 (NAS-Bench-201: candidates are NB201 networks, "
                    + "evaluated by a look-up in the table given as --data) (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--data", paramLabel = "PATH",
            description = "the task's data: a directory (fashion-mnist idx files, cifar10 binary batches), a file "
                    + "(text, csv; nb201: the NAS-Bench-201 accuracy table nb201_12epoch_minibench_BayesWatch.csv), or "
                    + "'subset' for the Fashion-MNIST subset shipped with archlab (default for fashion-mnist: "
                    + "/usr/share/datasets/fashion-mnist)")
    String data;

    @Option(names = "--seq-len", paramLabel = "N", defaultValue = "0",
            description = "sequence length of mqar (default 64) or context of text (default 32)")
    int seqLen;

    @Option(names = "--vocab", paramLabel = "N", defaultValue = "0",
            description = "vocabulary of mqar (even, default 64)")
    int vocab;

    @Option(names = "--nb201-dataset", paramLabel = "NAME",
            description = "nb201: whose table columns are used, cifar10, cifar100 or imagenet16 (default: cifar10); "
                    + "selection reads the validation column, the selected cell is reported with the test column")
    String nb201Dataset;

    @Option(names = "--latency-table", paramLabel = "FILE",
            description = "nb201: a latency table (nb201_latency_27devices_HELP.csv); with --device and "
                    + "--max-latency-ms, cells slower than the limit are over budget")
    String latencyTable;

    @Option(names = "--device", paramLabel = "NAME",
            description = "nb201: the latency table's device, e.g. fpga, pixel3, raspi4, 1080ti_1")
    String device;

    @Option(names = "--max-latency-ms", paramLabel = "MS",
            description = "nb201: the latency limit on --device, in milliseconds")
    Double maxLatencyMs;

    @Option(names = "--max-trials", paramLabel = "N", defaultValue = "20",
            description = "stop after N trials, baselines included (default: ${DEFAULT-VALUE})")
    int maxTrials;

    @Option(names = "--max-minutes", paramLabel = "MIN", defaultValue = "60",
            description = "stop when this much time is spent on the run (default: ${DEFAULT-VALUE})")
    double maxMinutes;

    @Option(names = "--trial-seconds", paramLabel = "S", defaultValue = "30",
            description = "training time of a screening trial, converted once when the run starts into a number of "
                    + "optimiser steps at the median throughput of the baselines on this machine (every candidate, "
                    + "seed and reference then trains the same steps, however busy the machine); each trial's safety "
                    + "cap is derived from it (default: ${DEFAULT-VALUE})")
    double trialSeconds;

    @Option(names = "--trial-steps", paramLabel = "N", converter = CountConverter.class,
            description = "optimiser steps of a screening trial, instead of --trial-seconds (promoted trials: N times "
                    + "--fidelity-factor)")
    Long trialSteps;

    @Option(names = "--trial-epochs", paramLabel = "N",
            description = "epochs (passes over the training split) of a screening trial, instead of --trial-seconds")
    Integer trialEpochs;

    @Option(names = "--budget-params", paramLabel = "N", defaultValue = "1000000", converter = CountConverter.class,
            description = "parameter budget, e.g. 250000 or 250k (default: ${DEFAULT-VALUE}; nb201: "
                    + NB201_PARAMS + ", above every NB201 network)")
    long budgetParams;

    @Option(names = "--budget-macs", paramLabel = "N", converter = CountConverter.class,
            description = "multiply-accumulates per sample allowed, e.g. 5M (default: no limit)")
    Long budgetMacs;

    @Option(names = "--budget-memory", paramLabel = "BYTES", converter = ByteSizeConverter.class,
            description = "peak activation memory at batch 1 (float32) allowed, e.g. 320KiB or 2MiB "
                    + "(default: no limit)")
    Long budgetMemory;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of proposals, initialisation and batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-epochs", paramLabel = "N", defaultValue = "50",
            description = "epoch cap of each trial (default: ${DEFAULT-VALUE})")
    int maxEpochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "training mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--learning-rate", paramLabel = "LR", defaultValue = "0.001",
            description = "AdamW learning rate (default: ${DEFAULT-VALUE})")
    float learningRate;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
            description = "seeds each promoted candidate (and its references) is re-trained with; a discovery needs a "
                    + "significant difference over them; 0 turns promotion off (default: ${DEFAULT-VALUE}; nb201: 0, "
                    + "a look-up gives the same accuracy with every seed)")
    int seeds;

    @Option(names = "--eta", paramLabel = "N", defaultValue = "3",
            description = "successive halving: promote the best 1/N of each round (default: ${DEFAULT-VALUE})")
    int eta;

    @Option(names = "--round-size", paramLabel = "N", defaultValue = "6",
            description = "screened candidates per promotion round (default: ${DEFAULT-VALUE})")
    int roundSize;

    @Option(names = "--fidelity-factor", paramLabel = "X", defaultValue = "2",
            description = "training budget of promoted trials over screening trials (default: ${DEFAULT-VALUE})")
    double fidelityFactor;

    @Option(names = "--final-candidates", paramLabel = "N", defaultValue = "2",
            description = "once search ends, the N best candidates and the best baseline are trained again with the "
                    + "final recipe, the same steps and seeds each, and only they are evaluated on the test split; a "
                    + "discovery compares the candidate with the baseline under that recipe; 0: no final training "
                    + "(default: ${DEFAULT-VALUE}; nb201: 0)")
    int finalCandidates;

    @Option(names = "--final-seeds", paramLabel = "N",
            description = "seeds of each finalist (default: the larger of 3 and --seeds)")
    Integer finalSeeds;

    @Option(names = "--final-factor", paramLabel = "X",
            description = "steps of a final trial over a screening's (default: twice --fidelity-factor)")
    Double finalFactor;

    @Option(names = "--final-recipe", paramLabel = "SPEC",
            description = "augmentation and regularisation of the final training: 'task' (the task's: fashion-mnist "
                    + "crop=2,flip,smooth=0.1; cifar10 crop=4,flip,smooth=0.1; others smooth=0.1), 'none', or a list of "
                    + "crop=PIXELS (random crops of the zero-padded image), flip (horizontal), smooth=EPS (label "
                    + "smoothing) (default: ${DEFAULT-VALUE})", defaultValue = "task")
    String finalRecipe;

    @Option(names = "--random-samples", paramLabel = "N", defaultValue = "0",
            description = "first propose N random architectures of the search space: the reference of the "
                    + "relative improvement over random (default: ${DEFAULT-VALUE})")
    int randomSamples;

    @Option(names = "--proposer", paramLabel = "NAME",
            description = "llm, hybrid (the LLM's designs tuned by evolution: one proposal in three is the LLM's), "
                    + "evolve or random (default: llm when --llm is given, else evolve)")
    String proposer;

    @Option(names = "--llm", paramLabel = "PROVIDER:MODEL",
            description = "the language model: openai:MODEL (OpenAI's API; reasoning models such as o3, o4-mini "
                    + "and gpt-5 are asked without a temperature), anthropic:MODEL (Anthropic's Messages API), "
                    + "gemini:MODEL (Google's Gemini API), vllm:MODEL, llamacpp:MODEL, lmstudio:MODEL (local servers "
                    + "of OpenAI's chat API), ollama:MODEL "
                    + "(each request sizes its context window to the prompt), or replay:RUN (replays a recorded run's "
                    + "exchanges, no network); key from ARCHLAB_LLM_API_KEY, else OPENAI_API_KEY (ANTHROPIC_API_KEY "
                    + "for anthropic, GEMINI_API_KEY for gemini)")
    String llm;

    @Option(names = "--llm-base-url", paramLabel = "URL",
            description = "the endpoint (required for openai, anthropic and gemini; defaults: vllm "
                    + "http://127.0.0.1:8000/v1, llamacpp http://127.0.0.1:8080/v1, lmstudio http://127.0.0.1:1234/v1, ollama "
                    + "http://127.0.0.1:11434)")
    String llmBaseUrl;

    @Option(names = "--llm-reasoning-effort", paramLabel = "LEVEL",
            description = "an OpenAI reasoning model's reasoning_effort: low, medium or high (default: the model's)")
    String llmReasoningEffort;

    @Option(names = "--llm-timeout", paramLabel = "S", defaultValue = "120",
            description = "seconds per LLM request before it is tried again (default: ${DEFAULT-VALUE})")
    double llmTimeout;

    @Option(names = "--llm-price-in", paramLabel = "USD", defaultValue = "0",
            description = "price per million prompt tokens, for the spend record and --max-llm-usd "
                    + "(default: ${DEFAULT-VALUE})")
    double llmPriceIn;

    @Option(names = "--llm-price-out", paramLabel = "USD", defaultValue = "0",
            description = "price per million completion tokens (default: ${DEFAULT-VALUE})")
    double llmPriceOut;

    @Option(names = "--max-llm-usd", paramLabel = "USD", defaultValue = "0",
            description = "stop the run cleanly once this much is spent on the LLM (default: no limit)")
    double maxLlmUsd;

    @Option(names = "--max-llm-tokens", paramLabel = "N", converter = CountConverter.class,
            description = "stop the run cleanly once this many LLM tokens are spent, e.g. 2M (default: no limit)")
    Long maxLlmTokens;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "trials trained at once, each in its own worker (default: ${DEFAULT-VALUE}; the next "
                    + "proposal is always prepared while trials train). With N > 1 the order in which trials "
                    + "finish, and so the proposals, vary from run to run")
    int parallel;

    @Option(names = "--prescreen", paramLabel = "PROXY[:KEEP]",
            description = "pre-screen proposals before training with a zero-cost proxy (synflow, naswot, grad_norm or "
                    + "params) computed on the untrained network: a proposal scoring below the (1 - KEEP) quantile of "
                    + "the run's earlier candidates is not trained (recorded as prescreened; not counted against "
                    + "--max-trials). KEEP defaults to 0.5 (default: off)")
    String prescreen;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "train on worker machines: this process coordinates a cluster on HOST:PORT (the interface "
                    + "it binds to) and each 'archlab worker --join HOST:PORT' adds its cores. The knowledge base stays "
                    + "here; the secret comes from " + io.archlab.sandbox.cluster.ClusterSecret.ENV + " or --secret-file "
                    + "(default: train on this machine)")
    String cluster;

    @Option(names = "--place", paramLabel = "KEY=VALUE",
            description = "with --cluster: give trials only to members started with --label KEY=VALUE (repeatable)")
    java.util.Map<String, String> place;

    @Option(names = "--cluster-allow", paramLabel = "PATTERN", split = ",",
            description = "with --cluster: give work only to members at these addresses, e.g. 10.0.0.* or "
                    + "192.168.1.10-20 (default: any member that proves the secret)")
    List<String> clusterAllow;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "with --cluster: the file whose first line is the cluster secret (default: the "
                    + io.archlab.sandbox.cluster.ClusterSecret.ENV + " environment variable)")
    String secretFile;

    @Option(names = "--resume", paramLabel = "RUN",
            description = "resume the interrupted run RUN with its stored settings (other run options are refused)")
    String resume;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (resume != null) {
            for (String o : RUN_OPTIONS) {
                if (cl.getParseResult().hasMatchedOption(o)) {
                    throw new CommandLine.ParameterException(cl, o + " cannot be combined with --resume: a resumed "
                            + "run keeps its stored settings");
                }
            }
            return RunSession.resume(home.resolve(config), resume, cl.getOut());
        }
        return RunSession.start(home.resolve(config), toConfig(cl), cl.getOut());
    }

    /** Parameter budget of {@code nb201} runs when none is given: above the largest NB201 network. */
    static final String NB201_PARAMS = "2000000";

    RunConfig toConfig(CommandLine cl) {
        if (!io.archlab.sandbox.data.Tasks.NAMES.contains(task)) {
            throw new CommandLine.ParameterException(cl, "--task: unknown task '" + task + "' (known: "
                    + String.join(", ", io.archlab.sandbox.data.Tasks.NAMES) + ")");
        }
        boolean nb201 = io.archlab.sandbox.nb201.Nb201Task.NAME.equals(task);
        Nb201Options.check(cl, nb201, data, nb201Dataset, latencyTable, device, maxLatencyMs);
        if (nb201 && !cl.getParseResult().hasMatchedOption("--budget-params")) {
            budgetParams = Long.parseLong(NB201_PARAMS);
        }
        if (nb201 && !cl.getParseResult().hasMatchedOption("--seeds")) {
            seeds = 0;
        }
        if (seqLen < 0 || vocab < 0) {
            throw new CommandLine.ParameterException(cl, "--seq-len and --vocab must be positive");
        }
        positive(cl, "--max-trials", maxTrials);
        positive(cl, "--max-minutes", maxMinutes);
        positive(cl, "--trial-seconds", trialSeconds);
        positive(cl, "--max-epochs", maxEpochs);
        positive(cl, "--batch-size", batchSize);
        positive(cl, "--learning-rate", learningRate);
        positive(cl, "--parallel", parallel);
        if (trialSeconds > maxMinutes * 60) {
            throw new CommandLine.ParameterException(cl, "--trial-seconds " + trialSeconds
                    + " exceeds the whole --max-minutes budget");
        }
        RunConfig.Evaluation evaluation;
        try {
            evaluation = new RunConfig.Evaluation(seeds, eta, roundSize, fidelityFactor, randomSamples);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        RunConfig.Final last = finalTraining(cl, nb201, evaluation);
        io.archlab.agent.llm.LlmConfig model = null;
        try {
            if (llm != null) {
                model = io.archlab.agent.llm.LlmConfig.of(llm, llmBaseUrl).withTimeout(llmTimeout, 4)
                        .withPrices(llmPriceIn, llmPriceOut).withLimits(maxLlmUsd, maxLlmTokens == null ? 0 : maxLlmTokens)
                        .withReasoningEffort(llmReasoningEffort);
            } else if (llmBaseUrl != null || llmReasoningEffort != null) {
                throw new IllegalArgumentException((llmBaseUrl != null ? "--llm-base-url" : "--llm-reasoning-effort")
                        + " needs --llm PROVIDER:MODEL");
            }
            return new RunConfig(task, data, false, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, budgetParams,
                    budgetMacs == null ? 0 : budgetMacs, budgetMemory == null ? 0 : budgetMemory, seed, maxEpochs,
                    batchSize, learningRate, 0.1, evaluation, proposer, model, parallel, prescreen(), nb201Dataset,
                    latencyTable, device, maxLatencyMs == null ? 0 : maxLatencyMs, cluster(), compute(cl), last);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /** The final training of {@code --final-*}: the task's defaults for what is not given; none for nb201. */
    private RunConfig.Final finalTraining(CommandLine cl, boolean nb201, RunConfig.Evaluation evaluation) {
        boolean given = RUN_OPTIONS.stream().filter(o -> o.startsWith("--final-"))
                .anyMatch(o -> cl.getParseResult().hasMatchedOption(o));
        if (nb201) {
            if (given && finalCandidates > 0) {
                throw new CommandLine.ParameterException(cl, "--final-*: nb201 trials are look-ups in a table; there "
                        + "is no final training");
            }
            return RunConfig.Final.OFF;
        }
        try {
            RunConfig.Final d = RunConfig.Final.defaults(task, evaluation);
            return new RunConfig.Final(finalCandidates, finalSeeds == null ? d.seeds() : finalSeeds,
                    finalFactor == null ? d.factor() : finalFactor, recipe(finalRecipe));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    /** The recipe of {@code --final-recipe}. */
    private io.archlab.sandbox.train.TrialRequest.Recipe recipe(String spec) {
        String s = spec.strip();
        if (s.equals("task")) {
            return RunConfig.Final.recipe(task);
        }
        if (s.equals("none")) {
            return io.archlab.sandbox.train.TrialRequest.Recipe.NONE;
        }
        int crop = 0;
        boolean flip = false;
        float smooth = 0;
        for (String part : s.split(",")) {
            String p = part.strip();
            try {
                if (p.equals("flip")) {
                    flip = true;
                } else if (p.startsWith("crop=")) {
                    crop = Integer.parseInt(p.substring(5));
                } else if (p.startsWith("smooth=")) {
                    smooth = Float.parseFloat(p.substring(7));
                } else {
                    throw new IllegalArgumentException("--final-recipe " + spec + ": unknown part '" + p + "' (known: "
                            + "task, none, or crop=PIXELS, flip, smooth=EPS separated by commas)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--final-recipe " + spec + ": '" + p + "' needs a number");
            }
        }
        if ((crop > 0 || flip) && !List.of("fashion-mnist", "cifar10").contains(task)) {
            throw new IllegalArgumentException("--final-recipe " + spec + ": crop and flip need images; task " + task
                    + " has none (smooth=EPS applies to every task)");
        }
        return new io.archlab.sandbox.train.TrialRequest.Recipe(crop, flip, smooth);
    }

    /** The screening compute of {@code --trial-steps} or {@code --trial-epochs}, or null (from --trial-seconds). */
    private RunConfig.Compute compute(CommandLine cl) {
        if (trialSteps != null && trialEpochs != null) {
            throw new CommandLine.ParameterException(cl, "give --trial-steps or --trial-epochs, not both");
        }
        if (trialEpochs != null) {
            positive(cl, "--trial-epochs", trialEpochs);
            return RunConfig.Compute.epochs(trialEpochs);
        }
        return trialSteps == null ? null : RunConfig.Compute.steps(trialSteps);
    }

    /** The cluster of {@code --cluster}, or null; the other cluster options need it. */
    private RunConfig.Cluster cluster() {
        if (cluster == null) {
            if (place != null || clusterAllow != null || secretFile != null) {
                throw new IllegalArgumentException("--place, --cluster-allow and --secret-file need --cluster HOST:PORT");
            }
            return null;
        }
        if (secretFile != null) {
            String problem = io.archlab.sandbox.data.UserFiles.problem(java.nio.file.Path.of(secretFile));
            if (problem != null) {
                throw new IllegalArgumentException("--secret-file " + secretFile + ": " + problem);
            }
        }
        String file = secretFile == null ? null : java.nio.file.Path.of(secretFile).toAbsolutePath().toString();
        RunConfig.Cluster c = new RunConfig.Cluster(cluster, place, clusterAllow, file);
        if (!io.archlab.sandbox.cluster.ClusterSecret.available(null) && secretFile == null) {
            throw new IllegalArgumentException("--cluster needs the cluster secret: set "
                    + io.archlab.sandbox.cluster.ClusterSecret.ENV + " (the same on every member) or --secret-file FILE");
        }
        return c;
    }

    private RunConfig.Prescreen prescreen() {
        try {
            return prescreen == null ? null : RunConfig.Prescreen.parse(prescreen);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("--prescreen") ? e.getMessage()
                    : "--prescreen " + prescreen + ": " + e.getMessage(), e);
        }
    }

    static void positive(CommandLine cl, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new CommandLine.ParameterException(cl, option + " must be a positive number, got "
                    + Cli.typed(cl, option, value));
        }
    }
}
