package io.archlab.evaluator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The promotion rule of successive halving (Jamieson &amp; Talwalkar, AISTATS 2016; the rung
 * schedule of Hyperband, Li et al., JMLR 18, 2018, and ASHA, Li et al., MLSys 2020).
 *
 * <ul>
 *   <li>Rung {@code r} (0, 1, ...) trains each candidate with budget {@code base × eta^r}.
 *   <li>Of the {@code n} scored candidates of a rung, the best {@code max(1, ⌊n / eta⌋)} are promoted
 *       (none when {@code n = 0}): with {@code eta = 3}, the top third. Higher scores are better;
 *       ties go to the candidate listed first (callers list them in proposal order). A NaN score
 *       (no result) is never promoted and does not count in {@code n}.
 * </ul>
 * {@link #rankCorrelation} records how well the low fidelity ranked the candidates that reached the
 * high one: Spearman's correlation of their scores at both.
 *
 * @param baseBudget budget of rung 0 (seconds, steps or epochs: the caller's unit), {@code > 0}
 * @param eta        reduction factor, {@code > 1}
 */
public record SuccessiveHalving(double baseBudget, double eta) {

    public SuccessiveHalving {
        if (!(baseBudget > 0) || Double.isInfinite(baseBudget)) {
            throw new IllegalArgumentException("baseBudget must be finite and > 0, got " + baseBudget);
        }
        if (!(eta > 1) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and > 1, got " + eta);
        }
    }

    /**
     * One candidate's score at a rung.
     *
     * @param score higher is better; NaN when it has none
     */
    public record RungScore(String candidateId, double score) {
        public RungScore {
            if (candidateId == null) {
                throw new IllegalArgumentException("a rung score needs a candidate id");
            }
        }
    }

    /**
     * Spearman's correlation between the same candidates' scores at a low and a high fidelity.
     *
     * @param candidates how many candidates had a score at both
     * @param spearman   the correlation, NaN with fewer than 2 candidates or constant scores
     */
    public record FidelityCorrelation(int candidates, double spearman) {
    }

    /** {@code base × eta^rung}. */
    public double budget(int rung) {
        if (rung < 0) {
            throw new IllegalArgumentException("rung must be >= 0, got " + rung);
        }
        return baseBudget * Math.pow(eta, rung);
    }

    /** {@code max(1, ⌊n / eta⌋)}, or 0 when {@code n = 0}. */
    public int promotedCount(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("candidate count must be >= 0, got " + n);
        }
        // the tolerance keeps, e.g., 6 / 1.2 = 4.999... from flooring to 4
        return n == 0 ? 0 : Math.max(1, (int) Math.floor(n / eta + 1e-9));
    }

    /** The candidates of {@code rung} promoted to the next, best first. */
    public List<RungScore> promote(List<RungScore> rung) {
        List<RungScore> scored = rung.stream().filter(s -> !Double.isNaN(s.score())).toList();
        List<Integer> order = IntStream.range(0, scored.size()).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scored.get(i).score())
                        .thenComparingInt(i -> i))
                .toList();
        return order.subList(0, promotedCount(scored.size())).stream().map(scored::get).toList();
    }

    /**
     * Spearman's correlation between the scores at {@code low} and {@code high} fidelity of the
     * candidates scored (not NaN) at both, matched by id.
     */
    public static FidelityCorrelation rankCorrelation(List<RungScore> low, List<RungScore> high) {
        Map<String, Double> highById = byId(high, "high");
        byId(low, "low");
        List<double[]> pairs = new ArrayList<>();
        for (RungScore s : low) {
            Double h = highById.get(s.candidateId());
            if (h != null && !Double.isNaN(h) && !Double.isNaN(s.score())) {
                pairs.add(new double[] {s.score(), h});
            }
        }
        if (pairs.size() < 2) {
            return new FidelityCorrelation(pairs.size(), Double.NaN);
        }
        double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
        return new FidelityCorrelation(pairs.size(), Stats.spearman(x, y));
    }

    private static Map<String, Double> byId(List<RungScore> scores, String which) {
        Map<String, Double> out = new HashMap<>();
        for (RungScore s : scores) {
            if (out.put(s.candidateId(), s.score()) != null) {
                throw new IllegalArgumentException("candidate " + s.candidateId() + " appears twice at the " + which
                        + " fidelity");
            }
        }
        return out;
    }
}
