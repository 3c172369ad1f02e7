package io.archlab.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.archlab.sandbox.train.TrialRequest;

/**
 * Everything that defines a discovery run; stored with the run so that {@code --resume} continues
 * it exactly.
 *
 * @param task               task name, e.g. {@code fashion-mnist}
 * @param dataDir            directory of the data files, or null to look in the default places
 * @param allowSubset        whether the shipped data subset may stand in when no data is found
 * @param maxTrials          stop after this many trials (baselines included)
 * @param maxMinutes         stop when this much active time is spent
 * @param trialSeconds       the screening's training time a user thinks in: converted once, when the run
 *                           starts, into a step budget (unless {@code compute} states one) by measuring the
 *                           baselines' throughput; every trial's safety cap is derived from it
 * @param maxParams          parameter budget: fitness only for candidates within it
 * @param maxMacs            MACs-per-sample budget, 0 for none
 * @param maxPeakBytes       peak activation memory budget (float32, batch 1) in bytes, 0 for none
 * @param seed               seeds proposals, training and batch order
 * @param maxEpochs          at most this many epochs in a screening trial
 * @param batchSize          training mini-batch size
 * @param learningRate       AdamW learning rate
 * @param validationFraction share of the training set carved off for validation
 * @param evaluation         promotion and significance settings ({@link Evaluation#OFF} for runs stored
 *                           before they existed)
 * @param proposer           {@code llm}, {@code hybrid} (the LLM's designs tuned by evolution), {@code evolve} or
 *                           {@code random}
 * @param llm                the language model of an {@code llm} or {@code hybrid} run, else null
 * @param parallel           trials trained at once (1: one at a time, the next proposal prepared meanwhile)
 * @param prescreen          pre-screening of proposals by a zero-cost proxy before training, or null (off; also
 *                           for runs stored before it existed)
 * @param nb201Dataset       task {@code nb201}: whose columns of the table are used ({@code cifar10},
 *                           {@code cifar100}, {@code imagenet16}); null for other tasks (cifar10 on nb201)
 * @param latencyTable       task {@code nb201}: the latency table of a latency limit, or null for none
 * @param device             task {@code nb201}: the latency table's device, or null
 * @param maxLatencyMs       task {@code nb201}: the latency limit in milliseconds, 0 for none
 * @param cluster            trials dispatched to worker members of a cluster, or null to train on this machine
 * @param finalTraining      the training of the finalists once search ends ({@link Final#OFF}: none; also for
 *                           runs stored before it existed)
 * @param compute            the optimiser steps of a screening trial, as asked ({@code --trial-steps},
 *                           {@code --trial-epochs}) and, once the run has started, as decided and stored;
 *                           null: from {@code trialSeconds} by calibration (and for runs stored before it existed)
 */
public record RunConfig(String task, String dataDir, boolean allowSubset, int seqLen, int vocab, int maxTrials,
        double maxMinutes,
        double trialSeconds, long maxParams, long maxMacs, long maxPeakBytes, long seed, int maxEpochs,
        int batchSize, float learningRate, double validationFraction, Evaluation evaluation, String proposer,
        io.archlab.agent.llm.LlmConfig llm, int parallel, Prescreen prescreen, String nb201Dataset,
        String latencyTable, String device, double maxLatencyMs, Cluster cluster, Compute compute,
        Final finalTraining) {

    /** A configuration without a final training ({@link Final#OFF}). */
    public RunConfig(String task, String dataDir, boolean allowSubset, int seqLen, int vocab, int maxTrials,
            double maxMinutes, double trialSeconds, long maxParams, long maxMacs, long maxPeakBytes, long seed,
            int maxEpochs, int batchSize, float learningRate, double validationFraction, Evaluation evaluation,
            String proposer, io.archlab.agent.llm.LlmConfig llm, int parallel, Prescreen prescreen,
            String nb201Dataset, String latencyTable, String device, double maxLatencyMs, Cluster cluster,
            Compute compute) {
        this(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams, maxMacs,
                maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer, llm,
                parallel, prescreen, nb201Dataset, latencyTable, device, maxLatencyMs, cluster, compute, null);
    }

    /** A configuration of a task other than {@code nb201}, trained on this machine. */
    public RunConfig(String task, String dataDir, boolean allowSubset, int seqLen, int vocab, int maxTrials,
            double maxMinutes, double trialSeconds, long maxParams, long maxMacs, long maxPeakBytes, long seed,
            int maxEpochs, int batchSize, float learningRate, double validationFraction, Evaluation evaluation,
            String proposer, io.archlab.agent.llm.LlmConfig llm, int parallel) {
        this(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams, maxMacs,
                maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer, llm,
                parallel, null, null, null, null, 0, null, null);
    }

    /** Proposer names of {@code --proposer}. */
    public static final java.util.List<String> PROPOSERS = java.util.List.of("llm", "hybrid", "evolve", "random");

    /**
     * Successive halving and significance. Every candidate is screened once at fidelity 0 (the
     * trial budget). After every {@code roundSize} screenings, the best {@code 1/eta} of them are
     * promoted to fidelity 1 ({@code fidelityFactor} times the budget) and trained with
     * {@code seeds} seeds, together with their parent and the best baseline, which are the
     * references of the significance test.
     *
     * @param seeds          seeds per promoted candidate (0: no promotion at all)
     * @param eta            keep the best 1/eta of a round
     * @param roundSize      screenings per promotion round
     * @param fidelityFactor budget (seconds and epochs) of fidelity 1 over fidelity 0
     * @param randomSamples  proposals drawn at random from the search space first, the reference of
     *                       the relative improvement over random (0 for none)
     */
    public record Evaluation(int seeds, int eta, int roundSize, double fidelityFactor, int randomSamples) {
        /** No promotion, no re-training: one trial per candidate. */
        public static final Evaluation OFF = new Evaluation(0, 3, 6, 1, 0);

        public Evaluation {
            require(seeds == 0 || seeds >= 2, "seeds per promoted candidate must be 0 (off) or >= 2, got " + seeds);
            require(eta >= 2, "eta must be >= 2, got " + eta);
            require(roundSize >= 2, "round size must be >= 2, got " + roundSize);
            require(fidelityFactor >= 1, "fidelity factor must be >= 1, got " + fidelityFactor);
            require(randomSamples >= 0, "random samples must be >= 0, got " + randomSamples);
        }

        public static Evaluation defaults() {
            return new Evaluation(3, 3, 6, 2, 0);
        }

        public boolean promotes() {
            return seeds > 0;
        }
    }

    /**
     * Pre-screening by a zero-cost proxy: after a proposal passes the checks before training, its
     * proxy is computed on its IR (one mini-batch of the training split, weights at initialisation)
     * and the proposal is not trained when it scores below the {@code 1 - keep} quantile of the
     * candidates of the run scored so far (at least {@link Prescreener#MIN_HISTORY} of them). Its
     * trial is recorded as {@code prescreened}. Baselines, random samples and promoted trials are
     * never pre-screened; skipped proposals do not count against the trial budget.
     *
     * @param proxy the proxy's name: {@code synflow}, {@code naswot}, {@code grad_norm} or {@code params}
     * @param keep  share of proposals that is meant to be trained, in (0, 1)
     */
    public record Prescreen(String proxy, double keep) {
        /** The share kept when {@code --prescreen} names no KEEP. */
        public static final double DEFAULT_KEEP = 0.5;

        public Prescreen {
            proxy = io.archlab.sandbox.proxies.Proxy.named(proxy).label();
            require(keep > 0 && keep < 1, "the pre-screen's KEEP share must be in (0, 1), got " + keep);
        }

        /** {@code PROXY[:KEEP]}, e.g. {@code naswot} or {@code synflow:0.3}. */
        public static Prescreen parse(String spec) {
            if (spec == null || spec.isBlank()) {
                throw new IllegalArgumentException("--prescreen needs PROXY[:KEEP], e.g. naswot or naswot:0.5");
            }
            int colon = spec.indexOf(':');
            if (colon < 0) {
                return new Prescreen(spec.strip(), DEFAULT_KEEP);
            }
            double keep;
            try {
                keep = Double.parseDouble(spec.substring(colon + 1).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--prescreen " + spec + ": KEEP must be a number in (0, 1)");
            }
            return new Prescreen(spec.substring(0, colon).strip(), keep);
        }

        /** The proxy. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public io.archlab.sandbox.proxies.Proxy kind() {
            return io.archlab.sandbox.proxies.Proxy.named(proxy);
        }

        @Override
        public String toString() {
            return proxy + ":" + keep;
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public RunConfig {
        require(maxTrials >= 1, "max trials must be >= 1, got " + maxTrials);
        require(seqLen >= 0 && vocab >= 0, "sequence length and vocabulary must be >= 0 (0 for the default)");
        require(maxMinutes > 0, "max minutes must be > 0, got " + maxMinutes);
        require(trialSeconds > 0, "trial seconds must be > 0, got " + trialSeconds);
        require(maxParams >= 1, "parameter budget must be >= 1, got " + maxParams);
        require(maxMacs >= 0 && maxPeakBytes >= 0, "MAC and memory budgets must be >= 0 (0 for none)");
        require(maxEpochs >= 1, "max epochs must be >= 1, got " + maxEpochs);
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        require(learningRate > 0, "learning rate must be > 0, got " + learningRate);
        require(validationFraction > 0 && validationFraction < 0.5,
                "validation fraction must be in (0, 0.5), got " + validationFraction);
        evaluation = evaluation == null ? Evaluation.OFF : evaluation;
        finalTraining = finalTraining == null ? Final.OFF : finalTraining;
        require(!finalTraining.on() || !"nb201".equals(task), "nb201 trials are look-ups in a table: there is no "
                + "final training (--final-candidates 0)");
        proposer = proposer == null ? (llm == null ? "evolve" : "llm") : proposer;
        require(PROPOSERS.contains(proposer), "proposer must be llm, hybrid, evolve or random, got " + proposer);
        require(!usesLlm(proposer) || llm != null, "--proposer " + proposer + " needs a model: --llm PROVIDER:MODEL");
        parallel = parallel == 0 ? 1 : parallel;
        require(parallel >= 1 && parallel <= 64, "parallel trials must be in 1..64, got " + parallel);
        require(cluster == null || !"nb201".equals(task), "--cluster: nb201 trials are look-ups in a table on this "
                + "machine; there is nothing to distribute");
        require(maxLatencyMs >= 0 && !Double.isInfinite(maxLatencyMs), "max latency must be >= 0 ms (0 for none), got "
                + maxLatencyMs);
    }

    /** This configuration proposing with {@code name}, talking to {@code model} (or none). */
    public RunConfig withProposer(String name, io.archlab.agent.llm.LlmConfig model) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams,
                maxMacs, maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, name,
                model, parallel, prescreen, nb201Dataset, latencyTable, device, maxLatencyMs, cluster,
                compute, finalTraining);
    }

    public RunConfig withParallel(int n) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams,
                maxMacs, maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer,
                llm, n, prescreen, nb201Dataset, latencyTable, device, maxLatencyMs, cluster, compute, finalTraining);
    }

    /** This configuration on task {@code nb201}: table columns of {@code dataset}, and a latency limit (or none). */
    public RunConfig withNb201(String dataset, String latencyTableFile, String deviceName, double maxMs) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams,
                maxMacs, maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer,
                llm, parallel, prescreen, dataset, latencyTableFile, deviceName, maxMs, cluster,
                compute, finalTraining);
    }

    /** This configuration pre-screening proposals with {@code p} (null: off). */
    public RunConfig withPrescreen(Prescreen p) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams,
                maxMacs, maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer,
                llm, parallel, p, nb201Dataset, latencyTable, device, maxLatencyMs, cluster, compute, finalTraining);
    }

    /** This configuration with the screening compute {@code c} (null: calibrated from the trial seconds). */
    public RunConfig withCompute(Compute c) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams,
                maxMacs, maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer,
                llm, parallel, prescreen, nb201Dataset, latencyTable, device, maxLatencyMs, cluster, c, finalTraining);
    }

    /**
     * The compute of a screening trial: exactly {@code steps} optimiser steps (a promoted trial:
     * {@code steps × fidelityFactor}), the same for every candidate, seed and reference; decided once,
     * before the run's first trial, and stored with the run so that a resumed run trains the same.
     * A user states it as steps ({@code --trial-steps}) or epochs ({@code --trial-epochs}), or thinks
     * in time ({@code --trial-seconds}): then it is the seconds times the median throughput of the
     * run's baselines on this machine, measured once (calibration) and never re-derived from the
     * machine's load.
     *
     * @param steps          screening steps; 0 until decided
     * @param epochs         the {@code --trial-epochs} it is made of, else 0
     * @param stepsPerSecond the calibration's median throughput of the baselines, steps per second (0 before it)
     * @param calibratedOn   the baselines it was measured on, with each one's steps per second
     */
    public record Compute(long steps, int epochs, double stepsPerSecond, java.util.Map<String, Double> calibratedOn) {
        public Compute {
            require(steps >= 0 && epochs >= 0, "trial steps and epochs must be >= 0, got " + steps + " and " + epochs);
            require(steps == 0 || epochs == 0 || stepsPerSecond > 0, "give --trial-steps or --trial-epochs, not both");
            require(stepsPerSecond >= 0 && !Double.isInfinite(stepsPerSecond), "steps per second must be >= 0");
            calibratedOn = calibratedOn == null ? java.util.Map.of() : java.util.Map.copyOf(calibratedOn);
        }

        /** Exactly {@code n} steps per screening trial, as asked. */
        public static Compute steps(long n) {
            return new Compute(n, 0, 0, null);
        }

        /** {@code n} epochs per screening trial, as asked. */
        public static Compute epochs(int n) {
            return new Compute(0, n, 0, null);
        }

        /** The compute of a run whose trials are table look-ups (nothing trains): nothing to calibrate. */
        public static Compute lookup() {
            return new Compute(1, 0, 1, null);
        }

        /** Whether the steps are decided and the throughput measured: the run can train. */
        public boolean decided() {
            return steps > 0 && stepsPerSecond > 0;
        }
    }

    /**
     * The final training: once search ends, the finalists are trained again, each with the same
     * {@code seeds} seeds, the same steps ({@code factor} times the screening's) and the same
     * {@code recipe} of augmentation and regularisation, and only these models are evaluated on the
     * held-out test split. The finalists are the {@code candidates} best by search (promoted mean
     * validation accuracy, else screening) and the best baseline, so that a discovery claim compares
     * the candidate with the baseline under the same recipe and compute: a gain from the recipe
     * alone is never credited to the architecture.
     *
     * @param candidates proposals trained again besides the best baseline (0: no final training)
     * @param seeds      seeds of each finalist
     * @param factor     its steps over the screening's
     * @param recipe     augmentation and regularisation of every final trial
     */
    public record Final(int candidates, int seeds, double factor, TrialRequest.Recipe recipe) {
        /** No final training: the test split is read for the models the search trained. */
        public static final Final OFF = new Final(0, 0, 1, TrialRequest.Recipe.NONE);

        public Final {
            require(candidates >= 0 && candidates <= 10, "final candidates must be in 0..10, got " + candidates);
            require(candidates == 0 || seeds >= 1 && seeds <= 20, "final seeds must be in 1..20, got " + seeds);
            require(factor >= 0.1 && factor <= 100, "final steps factor must be in [0.1, 100], got " + factor);
            recipe = recipe == null ? TrialRequest.Recipe.NONE : recipe;
        }

        /**
         * The final training a run of {@code task} gets by default: the two best candidates and the
         * best baseline, {@code max(3, seeds)} seeds, twice the promoted steps, and the task's
         * {@link #recipe(String) recipe}; none for {@code nb201}, whose trials are look-ups.
         */
        public static Final defaults(String task, Evaluation evaluation) {
            if ("nb201".equals(task)) {
                return OFF;
            }
            return new Final(2, Math.max(3, evaluation.seeds()), 2 * Math.max(1, evaluation.fidelityFactor()),
                    recipe(task));
        }

        /**
         * The augmentation and regularisation of a task's final training: for images random crops
         * of the zero-padded image (2 pixels for Fashion-MNIST's 28×28, 4 for CIFAR-10's 32×32),
         * horizontal flips (neither data set's classes change when mirrored) and label smoothing
         * 0.1; for sequences and tables label smoothing 0.1 alone (cropping or mirroring a sequence
         * or a row changes its meaning).
         */
        public static TrialRequest.Recipe recipe(String task) {
            return switch (task) {
                case "fashion-mnist" -> new TrialRequest.Recipe(2, true, 0.1f);
                case "cifar10" -> new TrialRequest.Recipe(4, true, 0.1f);
                case "nb201" -> TrialRequest.Recipe.NONE;
                default -> new TrialRequest.Recipe(0, false, 0.1f);
            };
        }

        /** The recipe as {@code --final-recipe} takes it: {@code none} or e.g. {@code crop=2,flip,smooth=0.1}. */
        public String recipeSpec() {
            java.util.List<String> parts = new java.util.ArrayList<>();
            if (recipe.cropPadding() > 0) {
                parts.add("crop=" + recipe.cropPadding());
            }
            if (recipe.horizontalFlip()) {
                parts.add("flip");
            }
            if (recipe.labelSmoothing() > 0) {
                parts.add("smooth=" + recipe.labelSmoothing());
            }
            return parts.isEmpty() ? "none" : String.join(",", parts);
        }

        /** The recipe in words, e.g. {@code horizontal flips, label smoothing 0.10}. */
        public String recipeText() {
            java.util.List<String> parts = new java.util.ArrayList<>();
            if (recipe.cropPadding() > 0) {
                parts.add("random crops of the image zero-padded by " + recipe.cropPadding() + " pixels");
            }
            if (recipe.horizontalFlip()) {
                parts.add("horizontal flips");
            }
            if (recipe.labelSmoothing() > 0) {
                parts.add(String.format(java.util.Locale.ROOT, "label smoothing %.2f", recipe.labelSmoothing()));
            }
            return parts.isEmpty() ? "no augmentation" : String.join(", ", parts);
        }

        /** Whether search ends with a final training. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean on() {
            return candidates > 0;
        }
    }

    /** This configuration ending its search with {@code f} (null: none). */
    public RunConfig withFinal(Final f) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams,
                maxMacs, maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer,
                llm, parallel, prescreen, nb201Dataset, latencyTable, device, maxLatencyMs, cluster, compute, f);
    }

    /** Defaults for everything but the budgets a user usually sets. */
    public static RunConfig defaults() {
        return new RunConfig("fashion-mnist", null, false, 0, 0, 20, 60, 30, 1_000_000, 0, 0, 1, 50, 64, 1e-3f, 0.1,
                Evaluation.defaults(), null, null, 1, null, null, null, null, 0, null, null);
    }

    public RunConfig withBudgets(int trials, double minutes, double seconds, long params) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, trials, minutes, seconds, params, maxMacs, maxPeakBytes, seed,
                maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer, llm, parallel, prescreen,
                nb201Dataset, latencyTable, device, maxLatencyMs, cluster, compute, finalTraining);
    }

    public RunConfig withEvaluation(Evaluation e) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams,
                maxMacs, maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, e, proposer, llm, parallel,
                prescreen, nb201Dataset, latencyTable, device, maxLatencyMs, cluster, compute, finalTraining);
    }

    public RunConfig withData(String dir, boolean subset) {
        return new RunConfig(task, dir, subset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams, maxMacs, maxPeakBytes,
                seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer, llm, parallel, prescreen,
                nb201Dataset, latencyTable, device, maxLatencyMs, cluster, compute, finalTraining);
    }

    public RunConfig withTaskAndSeed(String name, long s) {
        return new RunConfig(name, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams, maxMacs,
                maxPeakBytes, s, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer, llm, parallel, prescreen,
                nb201Dataset, latencyTable, device, maxLatencyMs, cluster, compute, finalTraining);
    }

    /** This configuration dispatching its trials to the worker members of {@code c} (null: this machine). */
    public RunConfig withCluster(Cluster c) {
        return new RunConfig(task, dataDir, allowSubset, seqLen, vocab, maxTrials, maxMinutes, trialSeconds, maxParams,
                maxMacs, maxPeakBytes, seed, maxEpochs, batchSize, learningRate, validationFraction, evaluation, proposer,
                llm, parallel, prescreen, nb201Dataset, latencyTable, device, maxLatencyMs, c, compute, finalTraining);
    }

    /**
     * Trials on worker machines: this process is the coordinator of a Hazelcast cluster at
     * {@code address}; {@code archlab worker --join ADDRESS} on each machine adds its cores. The
     * secret is never stored here: it is read from the environment or a file on every start.
     *
     * @param address     {@code host:port} the coordinator binds to and workers join
     * @param place       labels a member must carry to be given the run's trials, e.g. {@code gpu=a100}
     * @param allow       address patterns of members that may be given work ({@code 10.0.0.*}); empty for any
     * @param secretFile  the file holding the cluster secret, or null for the environment variable
     */
    public record Cluster(String address, java.util.Map<String, String> place, java.util.List<String> allow,
            String secretFile) {
        public Cluster {
            io.archlab.sandbox.cluster.Members.parseAddress("--cluster", address);
            place = place == null ? java.util.Map.of() : java.util.Map.copyOf(place);
            place.forEach(io.archlab.sandbox.cluster.ClusterWorker::checkLabel);
            allow = allow == null ? java.util.List.of() : java.util.List.copyOf(allow);
            allow.forEach(io.archlab.sandbox.cluster.ClusterTrialRunner.Settings::checkPattern);
        }
    }

    /** The hardware budgets checked before training. */
    public io.archlab.sandbox.analysis.Budgets budgets() {
        return new io.archlab.sandbox.analysis.Budgets(maxParams, maxMacs, maxPeakBytes);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunConfig fromJson(String json) {
        try {
            return JSON.readValue(json, RunConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored run configuration is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether the proposer talks to a language model. */
    public static boolean usesLlm(String proposer) {
        return "llm".equals(proposer) || "hybrid".equals(proposer);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
