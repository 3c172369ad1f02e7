package io.archlab.evaluator;

/**
 * A closed interval {@code [lower, upper]} of real numbers, such as a confidence interval.
 *
 * @param lower the lower end
 * @param upper the upper end, {@code >= lower}
 */
public record Interval(double lower, double upper) {

    public Interval {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
            throw new IllegalArgumentException("interval needs lower <= upper, got [" + lower + ", " + upper + "]");
        }
    }

    /** Whether {@code x} lies in the interval, ends included. */
    public boolean contains(double x) {
        return lower <= x && x <= upper;
    }

    /** {@code upper - lower}. */
    public double width() {
        return upper - lower;
    }
}
