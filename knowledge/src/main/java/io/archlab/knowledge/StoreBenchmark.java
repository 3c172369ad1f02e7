package io.archlab.knowledge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Measures the knowledge base at the scale of a long run: fills one fresh run of a {@link Store}
 * through its public API with a synthetic evolutionary search (realistic sources, IR, curves and a
 * lineage tree grown by tournament selection), then times what the dashboard and a resumed run
 * read: the leaderboard, the Pareto front, the lineage of the deepest candidate, and the reads a
 * resumed run makes before its first new trial. Times are the median and 95th percentile of
 * {@code repeats} calls after 3 untimed warm-up calls.
 */
public final class StoreBenchmark {
    /** The goal for each operation's 95th percentile, in milliseconds. */
    public static final double GOAL_P95_MS = 200;
    static final int WARM_UP = 3;
    /** Parent selection: tournaments of this size, mostly among the most recent candidates (aging evolution). */
    static final int TOURNAMENT = 8;
    static final int RECENT_WINDOW = 500;
    static final double FROM_RECENT = 0.8;
    /** Share of proposals made from scratch (a new root) rather than derived from a parent. */
    static final double FRESH = 0.02;
    static final double SUCCEEDED = 0.85;
    static final int EPOCH_POINTS = 10;
    private static final String[] SEEDS = {"Mlp", "LeNet5", "ResNetTiny"};
    private static final long[][] SEED_COSTS = {{203_530, 203_264}, {61_706, 416_520}, {78_042, 4_981_760}};
    private static final String[] FAILURES = {"shape_error:TRACE", "compile_error:COMPILE", "policy_violation:POLICY",
        "budget_exceeded:ANALYZE", "timeout:TRAIN", "out_of_memory:TRAIN", "diverged:TRAIN", "crashed:TRAIN"};
    private static final String[] CHANGES = {"widen conv %d->%d", "relu -> gelu in block %d of %d",
        "+residual around block %d (width %d)", "depthwise separable conv %d/%d", "-linear(%d) in head of %d",
        "batch norm after conv %d (of %d)", "kernel %d -> %d in stem"};

    private StoreBenchmark() {
    }

    /** One timed operation. */
    public record Timing(String operation, double medianMs, double p95Ms) {
        public boolean met() {
            return p95Ms < GOAL_P95_MS;
        }
    }

    /**
     * What was loaded and how fast it reads.
     *
     * @param loadMs             wall time of filling the run through the public API
     * @param lineageCandidateId the candidate whose lineage was timed: the deepest one
     * @param lineageDepth       its depth (edges to its root)
     * @param frontSize          candidates on the Pareto front of (accuracy up, params down, MACs down)
     * @param sourceBytes        characters of DSL source stored, over all candidates (likewise IR and curves)
     */
    public record Result(String runId, int candidates, int trials, int succeededTrials, int lineageEdges, long loadMs,
            String lineageCandidateId, int lineageDepth, int frontSize, long sourceBytes, long irBytes,
            long curveBytes, List<Timing> timings) {
    }

    /** {@link #run(Store, int, int, int, long, Consumer)} without progress messages. */
    public static Result run(Store store, int candidates, int trialsPerCandidate, int repeats, long seed) {
        return run(store, candidates, trialsPerCandidate, repeats, seed, m -> { });
    }

    /** Fills a fresh run of {@code store} and times the reads; {@code progress} hears about the load. */
    public static Result run(Store store, int candidates, int trialsPerCandidate, int repeats, long seed,
            Consumer<String> progress) {
        if (candidates < SEEDS.length || trialsPerCandidate < 1 || repeats < 1) {
            throw new IllegalArgumentException("need at least " + SEEDS.length
                    + " candidates, 1 trial per candidate and 1 repeat");
        }
        String runId = String.format("bench-%d-%06x", seed, new Random().nextInt(1 << 24));
        long start = System.nanoTime();
        Load load = new Load(store, runId, candidates, trialsPerCandidate, new Random(seed), progress);
        load.fill();
        long loadMs = (System.nanoTime() - start) / 1_000_000;
        progress.accept(String.format(Locale.ROOT, "loaded in %.1f s; timing %d repeats", loadMs / 1000.0, repeats));

        String deep = runId + "-c" + load.deepest;
        List<Timing> timings = measure(store, runId, deep, repeats);
        int front = paretoFront(store.summaries(runId)).size();
        return new Result(runId, candidates, candidates * trialsPerCandidate, load.succeeded, load.edges, loadMs,
                deep, load.generation[load.deepest], front, load.sourceBytes, load.irBytes, load.curveBytes, timings);
    }

    /**
     * Times the four operations on a run already stored (a benchmark's, or a real one): the
     * leaderboard, the Pareto front, the lineage of {@code lineageCandidateId}, and a resume's reads.
     */
    public static List<Timing> measure(Store store, String runId, String lineageCandidateId, int repeats) {
        return List.of(
                time("leaderboard (top 20)", repeats, () -> store.leaderboard(runId, 20)),
                time("Pareto front (summaries + filter)", repeats, () -> paretoFront(store.summaries(runId))),
                time("lineage of the deepest candidate", repeats, () -> store.lineage(lineageCandidateId)),
                time("run resume (run, counts, top 64)", repeats, () -> List.of(store.run(runId).orElseThrow(),
                        store.trialCount(runId), store.candidateCount(runId), store.leaderboard(runId, 64))));
    }

    /**
     * The candidates no other candidate dominates in (best validation accuracy up, params down, MACs
     * down), by ordinal; candidates missing any of the three are left out. One pass keeps an archive
     * of the points not dominated so far: a new point is dropped if an archived one dominates it,
     * else it evicts the archived points it dominates and joins. A point dominated by anything is
     * dominated by an archived point (dominance is transitive), so the archive ends as exactly the
     * front: O(n f) for a front of f, with no sort of the n points.
     */
    static List<CandidateSummary> paretoFront(List<CandidateSummary> all) {
        List<CandidateSummary> front = new ArrayList<>();
        for (CandidateSummary k : all) {
            if (k.bestValAccuracy() == null || k.params() == null || k.macs() == null) {
                continue;
            }
            boolean dominated = false;
            for (int i = 0; i < front.size() && !dominated; i++) {
                dominated = dominates(front.get(i), k);
            }
            if (!dominated) {
                front.removeIf(f -> dominates(k, f));
                front.add(k);
            }
        }
        front.sort(Comparator.comparingInt(CandidateSummary::ordinal));
        return front;
    }

    /** Whether {@code a} is no worse than {@code b} in all three objectives and better in one. */
    static boolean dominates(CandidateSummary a, CandidateSummary b) {
        boolean noWorse = a.bestValAccuracy() >= b.bestValAccuracy() && a.params() <= b.params()
                && a.macs() <= b.macs();
        return noWorse && (a.bestValAccuracy() > b.bestValAccuracy() || a.params() < b.params()
                || a.macs() < b.macs());
    }

    /** The result as a plain-text table, with the load time and the sizes loaded. */
    public static String table(Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "run %s: %,d candidates, %,d trials (%,d succeeded), %,d lineage edges%n",
                r.runId(), r.candidates(), r.trials(), r.succeededTrials(), r.lineageEdges()));
        out.append(String.format(Locale.ROOT, "mean sizes: DSL source %,d B, IR JSON %,d B, curve JSON %,d B%n",
                r.sourceBytes() / r.candidates(), r.irBytes() / r.candidates(), r.curveBytes() / r.trials()));
        out.append(String.format(Locale.ROOT, "load through the Store API: %.1f s (%,.0f rows/s)%n",
                r.loadMs() / 1000.0, (r.candidates() + r.trials() + r.lineageEdges()) * 1000.0 / Math.max(1,
                        r.loadMs())));
        out.append(String.format(Locale.ROOT, "lineage timed for %s at depth %d; Pareto front of %d%n%n",
                r.lineageCandidateId(), r.lineageDepth(), r.frontSize()));
        String row = "%-36s | %9s | %9s | %8s | %s%n";
        out.append(String.format(Locale.ROOT, row, "operation", "median ms", "p95 ms", "goal", "met?"));
        out.append("-".repeat(36)).append("-|-----------|-----------|----------|-----\n");
        for (Timing t : r.timings()) {
            out.append(String.format(Locale.ROOT, row, t.operation(), String.format(Locale.ROOT, "%.2f",
                    t.medianMs()), String.format(Locale.ROOT, "%.2f", t.p95Ms()),
                    String.format(Locale.ROOT, "< %.0f", GOAL_P95_MS), t.met() ? "yes" : "NO"));
        }
        return out.toString();
    }

    private static Timing time(String operation, int repeats, Supplier<?> call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.get();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t = System.nanoTime();
            call.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        double median = repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
        return new Timing(operation, median, ms[(int) Math.ceil(0.95 * repeats) - 1]);   // nearest rank
    }

    /** Fills one run: a synthetic evolutionary search, candidate by candidate, each followed by its trials. */
    private static final class Load {
        final Store store;
        final String runId;
        final int n;
        final int trialsEach;
        final Random random;
        final Consumer<String> progress;
        final double[] quality;
        final long[] params;
        final long[] macs;
        final int[] generation;
        int deepest;
        int edges;
        int succeeded;
        long sourceBytes;
        long irBytes;
        long curveBytes;

        Load(Store store, String runId, int n, int trialsEach, Random random, Consumer<String> progress) {
            this.store = store;
            this.runId = runId;
            this.n = n;
            this.trialsEach = trialsEach;
            this.random = random;
            this.progress = progress;
            quality = new double[n];
            params = new long[n];
            macs = new long[n];
            generation = new int[n];
        }

        void fill() {
            Instant now = Instant.now();
            store.createRun(new RunRecord(runId, "fashion-mnist", RunState.RUNNING, 42,
                    // a complete run configuration (as the agent writes it), so reports and budgets read it
                    "{\"task\":\"fashion-mnist\",\"maxTrials\":" + n * trialsEach + ",\"maxMinutes\":600.0,"
                            + "\"trialSeconds\":12.0,\"maxParams\":1000000,\"maxMacs\":0,\"maxPeakBytes\":0,"
                            + "\"seed\":42,\"maxEpochs\":50,\"batchSize\":64,\"learningRate\":0.001,"
                            + "\"validationFraction\":0.1,\"evaluation\":{\"seeds\":" + Math.max(2, trialsEach)
                            + ",\"eta\":3,\"roundSize\":6,\"fidelityFactor\":2.0,\"randomSamples\":0},"
                            + "\"proposer\":\"evolve\",\"parallel\":1}",
                    "{\"archlab\":\"0.1.0\",\"java\":\"17.0.15\",\"djl\":\"0.35.1\",\"engine\":\"PyTorch 2.7.1\"}",
                    "benchmark (synthetic)", "{\"train.gz\":\"0f3a\",\"test.gz\":\"9bc1\"}", ProcessHandle.current()
                            .pid(), "bench", 0, now, now));
            long report = System.nanoTime();
            for (int i = 0; i < n; i++) {
                candidate(i);
                for (int s = 0; s < trialsEach; s++) {
                    trial(i, i * trialsEach + s, s);
                }
                if (generation[i] > generation[deepest]) {
                    deepest = i;
                }
                if (System.nanoTime() - report > 10_000_000_000L) {
                    progress.accept(String.format(Locale.ROOT, "%,d of %,d candidates loaded", i + 1, n));
                    report = System.nanoTime();
                }
            }
        }

        private void candidate(int i) {
            int parent = -1;
            String proposer;
            if (i < SEEDS.length) {
                proposer = "baseline";
                quality[i] = 0.84 + 0.02 * i;
                params[i] = SEED_COSTS[i][0];
                macs[i] = SEED_COSTS[i][1];
            } else if (random.nextDouble() < FRESH) {
                proposer = "llm";
                quality[i] = 0.70 + 0.18 * random.nextDouble();
                params[i] = 20_000 + random.nextInt(400_000);
                macs[i] = params[i] * (1 + random.nextInt(60));
            } else {
                parent = tournament(i);
                proposer = random.nextDouble() < 0.7 ? "evolution" : "llm";
                // Mutations mostly hurt a little and sometimes help; accuracy saturates near 0.93.
                double q = quality[parent] + 0.01 * random.nextGaussian() - 0.004
                        - 0.05 * Math.max(0, quality[parent] - 0.90);
                quality[i] = Math.max(0.10, Math.min(0.945, q));
                params[i] = clamp(Math.round(params[parent] * Math.exp(0.25 * random.nextGaussian())), 5_000,
                        5_000_000);
                double perParam = macs[parent] / (double) params[parent] * Math.exp(0.2 * random.nextGaussian());
                macs[i] = clamp(Math.round(params[i] * perParam), params[i], 200_000_000);
                generation[i] = generation[parent] + 1;
            }
            String name = (parent < 0 ? SEEDS[i % SEEDS.length] : "Cand") + "-c" + i;
            String change = parent < 0 ? "a seed" : String.format(Locale.ROOT, CHANGES[random.nextInt(CHANGES.length)],
                    8 + random.nextInt(120), 8 + random.nextInt(120));
            String source = source(i, name, change);
            String ir = ir(i);
            String hypothesis = "Because " + change + " adds capacity where the parent's curve still rose at the last"
                    + " epoch, validation accuracy should gain about 0.5 points at under 10 % more MACs.";
            store.saveCandidate(new CandidateRecord(runId + "-c" + i, runId, i, name, proposer,
                    parent < 0 ? null : runId + "-c" + parent, change, source, ir, sha256(ir), params[i], hypothesis,
                    parent < 0 ? null : "parent c" + parent + " reached " + String.format(Locale.ROOT, "%.4f",
                            quality[parent]) + "; insight: wider stems helped three times", generation[i], macs[i],
                    Instant.now()));
            sourceBytes += source.length();
            irBytes += ir.length();
            if (parent >= 0) {
                store.addLineage(new LineageEdge(runId, runId + "-c" + i, runId + "-c" + parent, change + "; "
                        + (1 + random.nextInt(4)) + " nodes changed"));
                edges++;
            }
        }

        /** The best of a few earlier candidates, drawn mostly from the most recent ones. */
        private int tournament(int i) {
            boolean recent = random.nextDouble() < FROM_RECENT;
            int from = recent ? Math.max(0, i - RECENT_WINDOW) : 0;
            int best = -1;
            for (int k = 0; k < TOURNAMENT; k++) {
                int c = from + random.nextInt(i - from);
                if (best < 0 || quality[c] > quality[best]) {
                    best = c;
                }
            }
            return best;
        }

        private void trial(int candidate, int ordinal, int seedIndex) {
            Instant finished = Instant.now();
            Instant started = finished.minusMillis(12_400);
            String id = runId + "-t" + ordinal;
            String candidateId = runId + "-c" + candidate;
            long seed = random.nextLong() & 0x7fffffffL;
            TrialRecord t;
            if (random.nextDouble() < SUCCEEDED) {
                double val = Math.min(0.999, Math.max(0, quality[candidate] + 0.004 * random.nextGaussian()));
                double epochs = 2 + 8 * random.nextDouble();
                String curve = curve(val, epochs, EPOCH_POINTS);
                curveBytes += curve.length();
                t = new TrialRecord(id, runId, candidateId, ordinal, seed, 12.0, "succeeded", null, null, val,
                        0.25 + 0.2 * random.nextDouble(), epochs, Math.round(epochs * 844), 11.9, 12.4,
                        epochs * 54_000 / 11.9, curve, "/home/u/.archlab/runs/" + runId + "/weights/" + id + ".params",
                        0.2 + macs[candidate] / 2e7 * (1 + 0.1 * random.nextDouble()), 1_100_000_000L
                        + random.nextInt(800_000_000), seedIndex, "pid " + (4000 + ordinal % 4), started, finished);
                succeeded++;
            } else {
                String[] failure = FAILURES[random.nextInt(FAILURES.length)].split(":");
                String curve = failure[0].equals("diverged") ? curve(0.1, 1.5, 2) : "[]";
                curveBytes += curve.length();
                t = new TrialRecord(id, runId, candidateId, ordinal, seed, 12.0, failure[0], failure[1],
                        failure[0].replace('_', ' ') + " at node " + random.nextInt(40) + ": add needs equal shapes,"
                                + " got [64, 14, 14] and [32, 14, 14]", null, null, null, null, null, 0.8, null, curve,
                        null, null, null, seedIndex, "pid " + (4000 + ordinal % 4), started, finished);
            }
            store.recordTrial(t, 12_400);
        }

        /** A training curve of {@code points} epoch points rising to {@code val}, as Jackson writes EpochPoint. */
        private String curve(double val, double epochs, int points) {
            StringBuilder b = new StringBuilder("[");
            for (int p = 1; p <= points; p++) {
                double f = p / (double) points;
                b.append(p > 1 ? "," : "").append("{\"epoch\":").append(epochs * f).append(",\"trainLoss\":")
                        .append(0.3 + 1.9 * Math.exp(-4 * f) + 0.01 * random.nextDouble()).append(",\"valLoss\":")
                        .append(0.35 + 1.8 * Math.exp(-4 * f) + 0.02 * random.nextDouble()).append(",\"valAccuracy\":")
                        .append(val - 0.6 * Math.exp(-5 * f)).append(",\"seconds\":").append(11.9 * f).append('}');
            }
            return b.append(']').toString();
        }

        /** A DSL source of about 1.5 KB: a small CNN whose widths depend on the candidate. */
        private String source(int i, String name, String change) {
            StringBuilder b = new StringBuilder("import io.archlab.sandbox.dsl.*;\n\n/** ").append(name)
                    .append(": ").append(change).append(". */\npublic final class ").append(name.replace("-", "_"))
                    .append(" implements Architecture {\n    @Override\n    public Tensor forward(Net n, Tensor x) {"
                            + "                 // x: [B, 1, 28, 28]\n");
            int width = 8 + (int) (params[i] % 56);
            b.append("        Tensor h = n.conv2d(x, ").append(width).append(", 3, 1, 1).batchNorm().relu();\n");
            for (int block = 0; b.length() < 1300; block++) {
                int w = width + 8 * block;
                b.append("        Tensor r").append(block).append(" = n.conv2d(h, ").append(w)
                        .append(", 3, 1, 1).batchNorm().gelu();          // block ").append(block).append('\n')
                        .append("        h = n.conv2d(r").append(block).append(", ").append(w)
                        .append(", 3, 1, 1).batchNorm().add(n.conv2d(h, ").append(w).append(", 1, 1, 0)).relu();\n");
            }
            return b.append("        h = h.globalAvgPool().flatten();\n"
                    + "        h = n.linear(h, 128).relu().dropout(0.1);\n"
                    + "        return n.linear(h, n.numClasses());\n    }\n}\n").toString();
        }

        /** An IR of about 4 KB in the canonical JSON form (sorted keys). */
        private String ir(int i) {
            StringBuilder b = new StringBuilder("{\"inputShape\":[1,28,28],\"nodes\":[{\"id\":0,\"inputs\":[],"
                    + "\"macs\":0,\"op\":{\"op\":\"input\"},\"params\":0,\"shape\":[1,28,28]}");
            int node = 1;
            int channels = 8 + (int) (params[i] % 56);
            while (b.length() < 3900) {
                long p = channels * 9L * channels + channels;
                b.append(",{\"id\":").append(node).append(",\"inputs\":[").append(node - 1).append("],\"macs\":")
                        .append(p * 196).append(",\"op\":{\"bias\":true,\"dilation\":1,\"kernel\":3,\"op\":\"conv\","
                                + "\"outChannels\":").append(channels)
                        .append(",\"padding\":1,\"stride\":1},\"params\":").append(p).append(",\"shape\":[")
                        .append(channels).append(",14,14]}");
                b.append(",{\"id\":").append(node + 1).append(",\"inputs\":[").append(node)
                        .append("],\"macs\":0,\"op\":{\"kind\":\"RELU\",\"op\":\"unary\"},\"params\":0,\"shape\":[")
                        .append(channels).append(",14,14]}");
                node += 2;
                channels += (int) (macs[i] % 5);
            }
            return b.append("],\"numClasses\":10,\"output\":").append(node - 1).append(",\"vocab\":0}").toString();
        }

        private static long clamp(long v, long lo, long hi) {
            return Math.max(lo, Math.min(hi, v));
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
