package io.archlab.evaluator;

import java.util.Locale;

/**
 * The rule that decides what archlab calls a discovery. A candidate is a discovery against a
 * reference only if both were trained with at least {@value #MIN_SEEDS} seeds (fewer: "insufficient
 * seeds", never a discovery) and
 * <ol type="a">
 *   <li>it is significantly more accurate: {@code mean_c − mean_ref > 0} and the one-sided Welch
 *       test of {@code mean_c − mean_ref > 0} gives {@code p < alpha}; or
 *   <li>it is as accurate and clearly cheaper: the one-sided Welch test of
 *       {@code mean_c − mean_ref > −delta} gives {@code p < alpha} (a non-inferiority test with
 *       margin {@code delta}), and its parameters or its MACs (both deterministic) are at least
 *       {@code minCostReduction} lower than the reference's.
 * </ol>
 * Defaults: {@code alpha = 0.05}, {@code delta = 0.005} (half a percentage point of accuracy),
 * {@code minCostReduction = 0.10}. Accuracies are fractions in [0, 1].
 *
 * <p>A lucky seed cannot make a discovery: one seed is too few, and with several the test weighs the
 * spread between seeds. Welch's test (see {@link WelchTest}) does not assume equal variances. The
 * candidate is judged against its parent and the best baseline; {@link Judgement} requires both.
 */
public final class Significance {
    /** Seeds each of candidate and reference need before they are compared. */
    public static final int MIN_SEEDS = 3;
    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_MARGIN = 0.005;
    public static final double DEFAULT_MIN_COST_REDUCTION = 0.10;
    private static final double CONFIDENCE = 0.95;

    private final double alpha;
    private final double margin;
    private final double minCostReduction;

    /** The rule with the default alpha, margin and cost reduction. */
    public Significance() {
        this(DEFAULT_ALPHA, DEFAULT_MARGIN, DEFAULT_MIN_COST_REDUCTION);
    }

    public Significance(double alpha, double margin, double minCostReduction) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("margin must be in [0, 1), got " + margin);
        }
        if (!(minCostReduction > 0 && minCostReduction < 1)) {
            throw new IllegalArgumentException("minCostReduction must be in (0, 1), got " + minCostReduction);
        }
        this.alpha = alpha;
        this.margin = margin;
        this.minCostReduction = minCostReduction;
    }

    /** The candidate against its parent (null when it has none) and against the best baseline. */
    public Judgement judge(Sample candidate, Sample parent, Sample bestBaseline) {
        return new Judgement(parent == null ? null : judge(candidate, parent), judge(candidate, bestBaseline));
    }

    /** The candidate against one reference. */
    public Discovery judge(Sample candidate, Sample reference) {
        double[] c = candidate.values();
        double[] r = reference.values();
        double meanC = c.length > 0 ? Stats.mean(c) : Double.NaN;
        double meanR = r.length > 0 ? Stats.mean(r) : Double.NaN;
        Interval ciC = c.length > 1 ? Stats.meanConfidenceInterval(c, CONFIDENCE) : null;
        Interval ciR = r.length > 1 ? Stats.meanConfidenceInterval(r, CONFIDENCE) : null;
        double diff = meanC - meanR;
        CostCut cut = costCut(candidate.cost(), reference.cost());
        String ref = reference.id();

        if (c.length < MIN_SEEDS || r.length < MIN_SEEDS) {
            String reason = String.format(Locale.ROOT, "insufficient seeds: %s has %d, %s has %d (%d each needed)",
                    candidate.id(), c.length, ref, r.length, MIN_SEEDS);
            return new Discovery(candidate.id(), ref, Discovery.Verdict.INSUFFICIENT_SEEDS, c.length, r.length,
                    meanC, meanR, ciC, ciR, diff, Double.NaN, Double.NaN, cut.reduction(), cut.quantity(), reason);
        }
        double pBetter = Stats.welch(c, r).pGreater();
        double pNotWorse = Stats.welch(c, r, -margin).pGreater();
        String accuracy = String.format(Locale.ROOT, "%.4f vs %.4f (%+.2f pp), %d vs %d seeds", meanC, meanR,
                100 * diff, c.length, r.length);

        Discovery.Verdict verdict;
        String reason;
        if (diff > 0 && pBetter < alpha) {
            verdict = Discovery.Verdict.BETTER;
            reason = String.format(Locale.ROOT, "significantly more accurate than %s: %s, one-sided Welch p = %.3g < %s",
                    ref, accuracy, pBetter, alpha);
        } else if (pNotWorse < alpha && cut.reduction() >= minCostReduction - 1e-9) {
            verdict = Discovery.Verdict.AS_ACCURATE_AND_CHEAPER;
            reason = String.format(Locale.ROOT, "as accurate as %s and %.0f%% fewer %s: %s, not worse by %.2f pp at "
                    + "p = %.3g < %s", ref, 100 * cut.reduction(), cut.quantity(), accuracy, 100 * margin, pNotWorse,
                    alpha);
        } else {
            verdict = Discovery.Verdict.NOT_A_DISCOVERY;
            String cheaper = pNotWorse >= alpha
                    ? String.format(Locale.ROOT, "not shown within %.2f pp (p = %.3g)", 100 * margin, pNotWorse)
                    : Double.isNaN(cut.reduction())
                            ? "cost unknown"
                            : String.format(Locale.ROOT, "within %.2f pp but only %.0f%% fewer %s (%.0f%% needed)",
                                    100 * margin, 100 * cut.reduction(), cut.quantity(), 100 * minCostReduction);
            reason = String.format(Locale.ROOT, "no discovery against %s: %s; not significantly better (p = %.3g); %s",
                    ref, accuracy, pBetter, cheaper);
        }
        return new Discovery(candidate.id(), ref, verdict, c.length, r.length, meanC, meanR, ciC, ciR, diff, pBetter,
                pNotWorse, cut.reduction(), cut.quantity(), reason);
    }

    /** The larger relative reduction of params or MACs, each counted only when known for both. */
    private static CostCut costCut(Cost candidate, Cost reference) {
        CostCut params = CostCut.of("params", candidate.params(), reference.params());
        CostCut macs = CostCut.of("MACs", candidate.macs(), reference.macs());
        if (Double.isNaN(params.reduction())) {
            return macs;
        }
        return Double.isNaN(macs.reduction()) || params.reduction() >= macs.reduction() ? params : macs;
    }

    private record CostCut(String quantity, double reduction) {
        static CostCut of(String quantity, Long candidate, Long reference) {
            return candidate == null || reference == null || reference <= 0
                    ? new CostCut(null, Double.NaN)
                    : new CostCut(quantity, 1 - (double) candidate / reference);
        }
    }
}
