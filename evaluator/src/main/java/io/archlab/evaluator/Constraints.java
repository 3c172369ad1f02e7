package io.archlab.evaluator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hard limits a candidate must meet to be feasible; 0 means no limit.
 *
 * <p>A candidate is feasible when no known amount of its {@link Cost} exceeds its limit (an amount
 * equal to the limit is within it). An amount that is unknown while its limit is set is not a
 * violation: it is listed in {@link Feasibility#unchecked()} so the caller can decide (say, check
 * latency once it has been measured).
 *
 * @param maxParams          most trainable parameters, or 0
 * @param maxMacs            most multiply-accumulates per sample, or 0
 * @param maxPeakMemoryBytes most peak memory in bytes, or 0
 * @param maxLatencyMs       most inference latency in milliseconds, or 0
 */
public record Constraints(long maxParams, long maxMacs, long maxPeakMemoryBytes, double maxLatencyMs) {

    /** No limits. */
    public static final Constraints NONE = new Constraints(0, 0, 0, 0);

    public Constraints {
        requireNonNegative("maxParams", maxParams);
        requireNonNegative("maxMacs", maxMacs);
        requireNonNegative("maxPeakMemoryBytes", maxPeakMemoryBytes);
        if (!(maxLatencyMs >= 0) || Double.isInfinite(maxLatencyMs)) {
            throw new IllegalArgumentException("maxLatencyMs must be a finite number >= 0 (0 = no limit), got "
                    + maxLatencyMs);
        }
    }

    /**
     * One exceeded limit.
     *
     * @param quantity {@code params}, {@code MACs}, {@code peak memory} or {@code latency}
     * @param amount   the candidate's amount
     * @param limit    the limit it exceeds
     * @param message  e.g. {@code params 1,204,000 > limit 1,000,000}
     */
    public record Violation(String quantity, double amount, double limit, String message) {
    }

    /**
     * The verdict on one candidate.
     *
     * @param violations every exceeded limit, in the order params, MACs, peak memory, latency
     * @param unchecked  quantities with a limit whose amount is unknown
     */
    public record Feasibility(List<Violation> violations, List<String> unchecked) {
        public Feasibility {
            violations = List.copyOf(violations);
            unchecked = List.copyOf(unchecked);
        }

        public boolean feasible() {
            return violations.isEmpty();
        }

        /** The violations joined by {@code "; "}, or empty when feasible. */
        public String reason() {
            return String.join("; ", violations.stream().map(Violation::message).toList());
        }
    }

    /** Checks {@code cost} against every limit that is set. */
    public Feasibility check(Cost cost) {
        List<Violation> violations = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        checkCount("params", cost.params(), maxParams, "", violations, unchecked);
        checkCount("MACs", cost.macs(), maxMacs, "", violations, unchecked);
        checkCount("peak memory", cost.peakMemoryBytes(), maxPeakMemoryBytes, " bytes", violations, unchecked);
        if (maxLatencyMs > 0) {
            if (cost.latencyMs() == null) {
                unchecked.add("latency");
            } else if (cost.latencyMs() > maxLatencyMs) {
                violations.add(new Violation("latency", cost.latencyMs(), maxLatencyMs,
                        "latency " + plain(cost.latencyMs()) + " ms > limit " + plain(maxLatencyMs) + " ms"));
            }
        }
        return new Feasibility(violations, unchecked);
    }

    private static void checkCount(String quantity, Long amount, long limit, String unit, List<Violation> violations,
            List<String> unchecked) {
        if (limit == 0) {
            return;
        }
        if (amount == null) {
            unchecked.add(quantity);
        } else if (amount > limit) {
            violations.add(new Violation(quantity, amount, limit,
                    String.format(Locale.ROOT, "%s %,d%s > limit %,d%s", quantity, amount, unit, limit, unit)));
        }
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static void requireNonNegative(String field, long v) {
        if (v < 0) {
            throw new IllegalArgumentException(field + " must be >= 0 (0 = no limit), got " + v);
        }
    }
}
