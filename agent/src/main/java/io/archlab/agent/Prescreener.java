package io.archlab.agent;

import io.archlab.knowledge.CandidateRecord;
import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.analysis.Budgets;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.ir.Graph;
import io.archlab.sandbox.ir.IrJson;
import io.archlab.sandbox.proxies.Proxy;
import io.archlab.sandbox.proxies.ZeroCostProxies;
import io.archlab.sandbox.train.InProcessTrialRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a proposal that passed the checks is trained: its zero-cost proxy against the
 * {@code 1 - keep} quantile of the proxies of the run's earlier candidates (by ordinal, those with
 * an IR within the run's budgets, whether trained or skipped: a network refused as over budget is
 * never built). Scores are a function of the IR, the mini-batch and the seed, so a resumed run
 * recomputes the same ones from the stored IRs; they are kept in memory.
 */
public final class Prescreener {
    /** Earlier candidates with a score needed before anything is skipped. */
    public static final int MIN_HISTORY = 5;

    private final RunConfig.Prescreen setting;
    private final ZeroCostProxies proxies;
    private final Budgets budgets;
    private final Map<String, Double> scores = new HashMap<>();

    /**
     * @param budgets the run's budgets: earlier candidates over them are left out of the history
     */
    public Prescreener(RunConfig.Prescreen setting, ZeroCostProxies proxies, Budgets budgets) {
        this.setting = java.util.Objects.requireNonNull(setting, "setting");
        this.proxies = java.util.Objects.requireNonNull(proxies, "proxies");
        this.budgets = java.util.Objects.requireNonNull(budgets, "budgets");
    }

    /**
     * What the pre-screen made of a proposal.
     *
     * @param score     its proxy (NaN when the proxy is undefined for it or could not be computed)
     * @param threshold the quantile it was held against (NaN while the history is too short)
     * @param history   earlier candidates with a score
     * @param skip      whether it is not to be trained
     * @param message   what happened, in words (for the trial record and the event)
     */
    public record Verdict(double score, double threshold, int history, boolean skip, String message) {
    }

    /** The verdict on {@code c}, whose IR is {@code graph}, among the run's {@code candidates}. */
    public synchronized Verdict judge(List<CandidateRecord> candidates, CandidateRecord c, Graph graph) {
        Proxy proxy = setting.kind();
        List<Double> earlier = new ArrayList<>();
        for (CandidateRecord k : candidates) {
            if (k.ordinal() < c.ordinal() && k.irJson() != null && !k.id().equals(c.id())) {
                double s = scores.computeIfAbsent(k.id(), id -> score(IrJson.fromJson(k.irJson())));
                if (!Double.isNaN(s)) {
                    earlier.add(s);
                }
            }
        }
        String name = proxy.label();
        double score;
        try {
            score = proxy.of(proxies.score(graph));
        } catch (RuntimeException e) {
            scores.put(c.id(), Double.NaN);
            return new Verdict(Double.NaN, Double.NaN, earlier.size(), false, name + " could not be computed ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "): trained without pre-screening");
        }
        scores.put(c.id(), score);
        if (Double.isNaN(score)) {
            return new Verdict(score, Double.NaN, earlier.size(), false, name + " is undefined for this network: "
                    + "trained without pre-screening");
        }
        if (earlier.size() < MIN_HISTORY) {
            return new Verdict(score, Double.NaN, earlier.size(), false, String.format(Locale.ROOT,
                    "%s %.4g; only %d earlier candidates scored (%d needed): trained", name, score, earlier.size(),
                    MIN_HISTORY));
        }
        double t = threshold(earlier.stream().mapToDouble(Double::doubleValue).toArray(), setting.keep());
        boolean skip = score < t;
        return new Verdict(score, t, earlier.size(), skip, String.format(Locale.ROOT,
                "%s %.4g %s %.4g, the %.0f%% quantile of %d earlier candidates: %s", name, score, skip ? "<" : ">=",
                t, 100 * (1 - setting.keep()), earlier.size(), skip ? "not trained (pre-screened out)" : "trained"));
    }

    /** The proxy of an earlier candidate; NaN (left out) when it is over the budgets or cannot be computed. */
    private double score(Graph g) {
        Analysis a = StaticAnalyzer.analyze(g, proxies.batch().size());
        if (budgets.violation(a) != null || a.trainingBytes() > InProcessTrialRunner.MAX_TRAINING_BYTES) {
            return Double.NaN;
        }
        try {
            return setting.kind().of(proxies.score(g));
        } catch (RuntimeException e) {
            return Double.NaN;   // an earlier candidate whose proxy cannot be computed is left out of the history
        }
    }

    /**
     * The value below which a score is skipped so that about {@code keep} of {@code history} would be
     * kept: the nearest-rank {@code 1 - keep} quantile, {@code sorted[floor((1 - keep) * n)]}
     * (no interpolation, so infinite scores such as NASWOT's {@code -∞} are ranked, not averaged).
     */
    public static double threshold(double[] history, double keep) {
        if (history.length == 0) {
            throw new IllegalArgumentException("a pre-screen threshold needs at least one earlier score");
        }
        if (!(keep > 0 && keep < 1)) {
            throw new IllegalArgumentException("keep must be in (0, 1), got " + keep);
        }
        double[] sorted = history.clone();
        Arrays.sort(sorted);
        int i = (int) Math.floor((1 - keep) * sorted.length);
        return sorted[Math.min(sorted.length - 1, i)];
    }
}
