package io.archlab.app.cli;

import io.archlab.agent.Prescreener;
import io.archlab.agent.TrialPlan;
import io.archlab.evaluator.Stats;
import io.archlab.sandbox.proxies.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a scored population says about the proxies: rank correlation with the trained accuracy,
 * time per candidate, and what pre-screening would have kept and saved.
 */
final class ProxyStats {
    /** How many of the best candidates by accuracy a pre-screen should keep. */
    static final int TOP = 10;
    private static final double Z_975 = 1.959963984540054;

    private ProxyStats() {
    }

    /**
     * Spearman's ρ between a proxy and the screening accuracy over the members where the proxy is
     * defined, with a 95 % interval from Fisher's z with the standard error {@code sqrt(1.06 / (n - 3))}
     * of Fieller, Hartley and Pearson (1957) for rank correlations.
     */
    record Correlation(Proxy proxy, int n, double rho, double low, double high) {
    }

    static Correlation correlation(List<ProxyBenchmark.Member> members, Proxy p) {
        List<ProxyBenchmark.Member> defined = members.stream().filter(m -> !Double.isNaN(m.proxy(p))).toList();
        int n = defined.size();
        if (n < 3) {
            return new Correlation(p, n, Double.NaN, Double.NaN, Double.NaN);
        }
        double rho = Stats.spearman(defined.stream().mapToDouble(m -> m.proxy(p)).toArray(),
                defined.stream().mapToDouble(ProxyBenchmark.Member::accuracy).toArray());
        double[] ci = interval(rho, n);
        return new Correlation(p, n, rho, ci[0], ci[1]);
    }

    /** The 95 % interval of a rank correlation {@code rho} over {@code n} pairs (NaN below 4 pairs). */
    static double[] interval(double rho, int n) {
        if (n < 4 || Double.isNaN(rho)) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double z = 0.5 * Math.log((1 + rho) / (1 - rho));
        double half = Z_975 * Math.sqrt(1.06 / (n - 3));
        return new double[] {Math.tanh(z - half), Math.tanh(z + half)};
    }

    /** Mean and 95th percentile (nearest rank) of the time per candidate, in seconds. */
    record Timing(int n, double mean, double p95, double max) {
    }

    static Timing timing(List<ProxyBenchmark.Member> members) {
        return timing(members.stream().mapToDouble(m -> m.scores().seconds()).sorted().toArray());
    }

    /** The same for the CPU time of the whole process (every thread, PyTorch's own included). */
    static Timing cpuTiming(List<ProxyBenchmark.Member> members) {
        return timing(members.stream().mapToDouble(ProxyBenchmark.Member::cpuSeconds).sorted().toArray());
    }

    private static Timing timing(double[] t) {
        if (t.length == 0) {
            return new Timing(0, Double.NaN, Double.NaN, Double.NaN);
        }
        int rank = (int) Math.ceil(0.95 * t.length) - 1;
        return new Timing(t.length, Stats.mean(t), t[Math.max(0, rank)], t[t.length - 1]);
    }

    /**
     * A simulated pre-screen.
     *
     * @param rule        {@code top} (the best {@code keep} share of the whole population, known in
     *                    hindsight) or {@code online} (the rule of {@code run --prescreen}: members in
     *                    the order they were proposed, each against the quantile of the earlier ones)
     * @param trained     members kept for training
     * @param topKept     how many of the {@link #TOP} best by accuracy were kept
     * @param bestKept    best accuracy among the kept members
     * @param savedShare  the skipped members' share of the screening time, net of the time spent on
     *                    the proxies of all members
     */
    record Simulation(Proxy proxy, String rule, double keep, int trained, int n, int topKept, double bestKept,
            double savedShare) {
    }

    static Simulation top(List<ProxyBenchmark.Member> members, Proxy p, double keep) {
        int k = (int) Math.ceil(keep * members.size());
        // undefined scores are never skipped, as in a run
        List<ProxyBenchmark.Member> order = new ArrayList<>(members);
        order.sort(Comparator.comparingDouble((ProxyBenchmark.Member m) -> Double.isNaN(m.proxy(p))
                ? Double.POSITIVE_INFINITY : m.proxy(p)).reversed());
        Set<String> kept = new HashSet<>();
        order.stream().limit(k).forEach(m -> kept.add(m.candidate().id()));
        return summary(members, p, "top", keep, kept);
    }

    static Simulation online(List<ProxyBenchmark.Member> members, Proxy p, double keep) {
        List<ProxyBenchmark.Member> order = new ArrayList<>(members);
        order.sort(Comparator.comparingInt(m -> m.candidate().ordinal()));
        Set<String> kept = new HashSet<>();
        List<Double> earlier = new ArrayList<>();
        for (ProxyBenchmark.Member m : order) {
            double s = m.proxy(p);
            boolean skip = false;
            if (!TrialPlan.isBaseline(m.candidate()) && !Double.isNaN(s)) {
                skip = earlier.size() >= Prescreener.MIN_HISTORY && s < Prescreener.threshold(
                        earlier.stream().mapToDouble(Double::doubleValue).toArray(), keep);
            }
            if (!skip) {
                kept.add(m.candidate().id());
            }
            if (!Double.isNaN(s)) {
                earlier.add(s);
            }
        }
        return summary(members, p, "online", keep, kept);
    }

    /** The simulation's figures; the proxies of every member count as spent (in a run, the baselines' too). */
    private static Simulation summary(List<ProxyBenchmark.Member> members, Proxy p, String rule, double keep,
            Set<String> kept) {
        List<ProxyBenchmark.Member> byAccuracy = new ArrayList<>(members);
        byAccuracy.sort(Comparator.comparingDouble(ProxyBenchmark.Member::accuracy).reversed());
        int topKept = (int) byAccuracy.stream().limit(TOP).filter(m -> kept.contains(m.candidate().id())).count();
        double bestKept = members.stream().filter(m -> kept.contains(m.candidate().id()))
                .mapToDouble(ProxyBenchmark.Member::accuracy).max().orElse(Double.NaN);
        double total = members.stream().mapToDouble(m -> m.screening().totalSeconds()).sum();
        double skipped = members.stream().filter(m -> !kept.contains(m.candidate().id()))
                .mapToDouble(m -> m.screening().totalSeconds()).sum();
        double proxyTime = members.size() * timing(members).mean();
        return new Simulation(p, rule, keep, kept.size(), members.size(), topKept, bestKept,
                total > 0 ? (skipped - proxyTime) / total : Double.NaN);
    }

    /** How many of the {@link #TOP} best a random choice of {@code kept} of {@code n} keeps on average. */
    static double randomTopKept(int kept, int n) {
        return n == 0 ? Double.NaN : (double) Math.min(TOP, n) * kept / n;
    }

    /** Proxies in table order. */
    static List<Proxy> proxies() {
        return Arrays.asList(Proxy.values());
    }
}
