package io.archlab.app.cli;

import io.archlab.agent.RunConfig;
import io.archlab.agent.RunException;
import io.archlab.agent.TrialPlan;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.RunRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.TrialRecord;
import io.archlab.sandbox.data.Splits;
import io.archlab.sandbox.data.TaskData;
import io.archlab.sandbox.data.Tasks;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.proxies.MiniBatch;
import io.archlab.sandbox.proxies.Proxy;
import io.archlab.sandbox.proxies.ProxyScores;
import io.archlab.sandbox.proxies.ZeroCostProxies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The zero-cost proxies of a stored run's trained population, recomputed from the candidates'
 * IRs with one mini-batch of the run's own training split: each candidate with a successful
 * screening (its first fidelity-0 trial) is a member, paired with that screening's validation
 * accuracy. {@link ProxyStats} turns the members into correlations and pre-screen simulations.
 */
final class ProxyBenchmark {
    /** Successful screenings a run needs to be picked by default. */
    static final int MIN_SCREENINGS = 10;

    private ProxyBenchmark() {
    }

    /**
     * A trained candidate, its screening and its proxies.
     *
     * @param cpuSeconds CPU time of the whole process while its proxies were computed (wall time is
     *                   in {@code scores}): on a shared machine the wall time depends on the load
     */
    record Member(CandidateRecord candidate, TrialRecord screening, ProxyScores scores, double cpuSeconds) {
        double accuracy() {
            return screening.valAccuracy();
        }

        double proxy(Proxy p) {
            return p.of(scores);
        }
    }

    /**
     * The scored population of a run.
     *
     * @param unscored members whose proxies could not be computed, with the reason
     */
    record Population(RunRecord run, RunConfig config, int batch, List<Member> members, List<String> unscored) {
    }

    /** {@code runId}, or else the latest run of the store with at least {@link #MIN_SCREENINGS} successful screenings. */
    static RunRecord pick(Store store, String runId) {
        if (runId != null) {
            RunRecord run = store.run(runId).orElseThrow(() -> new RunException("no run " + runId
                    + " in this archlab home"));
            int n = successfulScreenings(store, run.id()).size();
            if (n < 3) {
                throw new RunException("run " + runId + " has " + n + " successful screenings: too few to correlate");
            }
            return run;
        }
        return store.runs().stream().filter(r -> successfulScreenings(store, r.id()).size() >= MIN_SCREENINGS)
                .max(Comparator.comparing(RunRecord::createdAt)).orElseThrow(() -> new RunException(
                        "no run in this archlab home has " + MIN_SCREENINGS + " or more successful screenings: train a "
                        + "population first (e.g. 'archlab run --max-trials 40 --seeds 0') or name one with --run"));
    }

    /** The first fidelity-0 trial of each candidate, where it succeeded. */
    static List<TrialRecord> successfulScreenings(Store store, String runId) {
        return TrialPlan.screenings(store.trials(runId)).values().stream().filter(TrialRecord::succeeded).toList();
    }

    /**
     * Loads the run's data as the run did, and scores every member. The first member is scored once
     * more before the timed pass (engine and JIT warm-up), so its time is no outlier.
     *
     * @param batch mini-batch size, or null for the run's training batch size
     */
    static Population score(Store store, RunRecord run, Integer batch, Consumer<String> progress) {
        RunConfig config = RunConfig.fromJson(run.configJson());
        TaskData data = Tasks.load(config.task(), config.dataDir(), config.allowSubset(), config.seqLen(),
                config.vocab());
        if (run.dataChecksums() != null && !run.dataChecksums().equals(checksums(data.sha256()))) {
            throw new RunException("the data of run " + run.id() + " changed since it was trained (was "
                    + run.dataSource() + ", now " + data.source() + "): its accuracies would not match");
        }
        int b = batch != null ? batch : config.batchSize();
        ZeroCostProxies proxies = new ZeroCostProxies(MiniBatch.first(
                Splits.of(data, config.validationFraction()).train(), b, config.seed()), config.seed());
        List<Member> members = new ArrayList<>();
        List<String> unscored = new ArrayList<>();
        List<TrialRecord> screenings = successfulScreenings(store, run.id());
        progress.accept(String.format(java.util.Locale.ROOT, "scoring %d trained candidates of run %s (%s, batch %d, "
                + "seed %d)", screenings.size(), run.id(), config.task(), b, config.seed()));
        boolean warm = false;
        for (TrialRecord t : screenings) {
            CandidateRecord c = store.candidate(t.candidateId()).orElseThrow();
            if (c.irJson() == null) {
                unscored.add(c.name() + ": no stored IR");
                continue;
            }
            try {
                io.archlab.sandbox.ir.Graph g = IrJson.fromJson(c.irJson());
                if (!warm) {
                    proxies.score(g);
                    warm = true;
                }
                long cpu = processCpuNanos();
                ProxyScores s = proxies.score(g);
                members.add(new Member(c, t, s, (processCpuNanos() - cpu) / 1e9));
            } catch (RuntimeException e) {
                unscored.add(c.name() + ": " + e.getMessage());
            }
        }
        return new Population(run, config, b, members, unscored);
    }

    /** The time of one baseline's proxies: median and fastest of the timed repetitions. */
    record BaselineTime(String name, long params, long macs, double medianSeconds, double minSeconds) {
    }

    /**
     * Times the proxies of every image baseline on a mini-batch of the Fashion-MNIST subset shipped
     * with archlab: one untimed warm-up, then {@code repeats} timed computations each.
     */
    static List<BaselineTime> baselines(int batch, int repeats) throws Exception {
        io.archlab.sandbox.compile.DslFrontEnd frontEnd = new io.archlab.sandbox.compile.DslFrontEnd(
                new io.archlab.sandbox.compile.DslCompiler());
        ZeroCostProxies proxies = new ZeroCostProxies(MiniBatch.first(
                io.archlab.sandbox.data.FashionMnist.shippedSubset().toTaskData().train(), batch, 1), 1);
        List<BaselineTime> out = new ArrayList<>();
        for (String name : io.archlab.sandbox.baselines.Baselines.IMAGE) {
            io.archlab.sandbox.ir.Graph g = frontEnd.toIr(io.archlab.sandbox.baselines.Baselines.get(name).source(),
                    io.archlab.sandbox.data.Task.FASHION_MNIST);
            proxies.score(g);
            double[] t = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                t[i] = proxies.score(g).seconds();
            }
            java.util.Arrays.sort(t);
            out.add(new BaselineTime(name, g.params(), g.macs(), t[repeats / 2], t[0]));
        }
        return out;
    }

    /** CPU time of this process so far, every thread included (native ones too); NaN-free: 0 if unknown. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static String checksums(Map<String, String> sums) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(sums);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
