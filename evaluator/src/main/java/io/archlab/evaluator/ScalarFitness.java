package io.archlab.evaluator;

import java.util.OptionalDouble;

/**
 * The scalar fitness archlab uses to select parents:
 *
 * <pre>
 *   fitness = max(0, σ(k · RI) − w_p · ln(params / params_b) − w_m · ln(MACs / MACs_b))
 *   σ(z)    = 1 / (1 + e^(−z))
 *   RI      = 100 × (acc − acc_b) / acc_b        (percent, {@link RelativeImprovement#percent})
 * </pre>
 * where {@code acc} is the candidate's validation accuracy and {@code acc_b}, {@code params_b},
 * {@code MACs_b} are the best baseline's. A candidate that breaks a {@link Constraints} limit has
 * fitness 0. The sigmoid of the relative improvement over the baseline follows ASI-Arch's
 * quantitative fitness (Liu et al., "AlphaGo Moment for Model Architecture Discovery",
 * arXiv:2507.18074, 2025): bounded, so one outlier cannot swamp selection, and steepest near the
 * baseline, where the candidates that matter are. The efficiency terms are small tie-breakers:
 * smaller than the baseline adds, larger subtracts. A term is left out when either of its amounts
 * is unknown or not positive. The floor at 0 keeps every feasible candidate at or above the
 * infeasible ones.
 *
 * <p>Defaults ({@link Weights#DEFAULT}), set here and nowhere else:
 * <ul>
 *   <li>{@code k = 1} per percent of RI: equal to the baseline gives 0.5, RI +1% gives 0.731,
 *       +3% gives 0.953, −1% gives 0.269;
 *   <li>{@code w_p = 0.05}, {@code w_m = 0.05}: half the baseline's parameters adds
 *       0.05 · ln 2 ≈ 0.035, worth about +0.14% RI near the baseline.
 * </ul>
 *
 * <p>As a {@link FitnessFunction} over {@link Evaluated} (which carries parameters, not MACs), a
 * failed trial or an infeasible candidate has no fitness, so a {@link Leaderboard} leaves it out as
 * it does under {@link BudgetedAccuracy}; {@link #score} gives such a candidate 0.
 */
public final class ScalarFitness implements FitnessFunction {

    /**
     * The best baseline, the reference of every candidate.
     *
     * @param valAccuracy its validation accuracy, {@code > 0}
     * @param params      its trainable parameters, or null
     * @param macs        its MACs, or null
     */
    public record Baseline(double valAccuracy, Long params, Long macs) {
        public Baseline {
            if (!(valAccuracy > 0) || Double.isInfinite(valAccuracy)) {
                throw new IllegalArgumentException("baseline valAccuracy must be finite and > 0, got " + valAccuracy);
            }
        }
    }

    /**
     * The constants of the formula.
     *
     * @param slope        {@code k}, per percent of relative improvement, {@code > 0}
     * @param paramsWeight {@code w_p}, {@code >= 0}
     * @param macsWeight   {@code w_m}, {@code >= 0}
     */
    public record Weights(double slope, double paramsWeight, double macsWeight) {
        /** {@code k = 1}, {@code w_p = 0.05}, {@code w_m = 0.05}; see the class comment. */
        public static final Weights DEFAULT = new Weights(1.0, 0.05, 0.05);

        public Weights {
            if (!(slope > 0) || Double.isInfinite(slope)) {
                throw new IllegalArgumentException("slope must be finite and > 0, got " + slope);
            }
            if (!(paramsWeight >= 0) || Double.isInfinite(paramsWeight)) {
                throw new IllegalArgumentException("paramsWeight must be finite and >= 0, got " + paramsWeight);
            }
            if (!(macsWeight >= 0) || Double.isInfinite(macsWeight)) {
                throw new IllegalArgumentException("macsWeight must be finite and >= 0, got " + macsWeight);
            }
        }
    }

    private final Baseline baseline;
    private final Constraints constraints;
    private final Weights weights;

    public ScalarFitness(Baseline baseline, Constraints constraints) {
        this(baseline, constraints, Weights.DEFAULT);
    }

    public ScalarFitness(Baseline baseline, Constraints constraints, Weights weights) {
        if (baseline == null || constraints == null || weights == null) {
            throw new IllegalArgumentException("scalar fitness needs a baseline, constraints and weights");
        }
        this.baseline = baseline;
        this.constraints = constraints;
        this.weights = weights;
    }

    public Baseline baseline() {
        return baseline;
    }

    public Constraints constraints() {
        return constraints;
    }

    public Weights weights() {
        return weights;
    }

    /** The fitness of a candidate with validation accuracy {@code valAccuracy} and cost {@code cost}. */
    public double score(double valAccuracy, Cost cost) {
        if (!constraints.check(cost).feasible()) {
            return 0;
        }
        double ri = RelativeImprovement.percent(valAccuracy, baseline.valAccuracy());
        double f = sigmoid(weights.slope() * ri)
                - weights.paramsWeight() * logRatio(cost.params(), baseline.params())
                - weights.macsWeight() * logRatio(cost.macs(), baseline.macs());
        return Math.max(0, f);
    }

    @Override
    public OptionalDouble fitness(Evaluated candidate) {
        return ineligibility(candidate) == null
                ? OptionalDouble.of(score(candidate.valAccuracy(), cost(candidate)))
                : OptionalDouble.empty();
    }

    @Override
    public String ineligibility(Evaluated candidate) {
        if (!candidate.succeeded()) {
            return "trial " + candidate.outcome();
        }
        Constraints.Feasibility f = constraints.check(cost(candidate));
        return f.feasible() ? null : "infeasible: " + f.reason();
    }

    private static Cost cost(Evaluated candidate) {
        return Cost.of(candidate.params(), null);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double logRatio(Long amount, Long reference) {
        if (amount == null || reference == null || amount <= 0 || reference <= 0) {
            return 0;
        }
        return Math.log((double) amount / reference);
    }
}
