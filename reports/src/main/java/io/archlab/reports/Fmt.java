package io.archlab.reports;

import java.util.Locale;

/** How reports write numbers: one place, so the HTML and the Markdown version agree. */
final class Fmt {
    private Fmt() {
    }

    /** A fraction as a percentage with two decimals: {@code 0.8512 → "85.12%"}; empty for null. */
    static String pct(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    /** A difference of fractions in percentage points with a sign: {@code 0.012 → "+1.20 pp"}. */
    static String pp(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%+.2f pp", 100 * v);
    }

    /** A count with thousands separators; empty for null. */
    static String count(Number v) {
        return v == null ? "" : String.format(Locale.ROOT, "%,d", v.longValue());
    }

    /** A number without a trailing ".0" when it is whole. */
    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    static String fixed(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A p-value: three significant decimals, or "< 0.001". */
    static String p(Double v) {
        if (v == null || v.isNaN()) {
            return "";
        }
        return v < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** A mean with its interval: {@code "86.00% [85.00%, 87.00%]"}. */
    static String meanInterval(Double mean, Double low, Double high) {
        if (mean == null) {
            return "";
        }
        return low == null || high == null ? pct(mean) : pct(mean) + " [" + pct(low) + ", " + pct(high) + "]";
    }

    /**
     * Test accuracy of a candidate's evaluated models: one model's, or the mean with its 95 %
     * interval and the count ({@code "88.10% [87.50%, 88.70%] (3 models)"}); empty for none.
     */
    static String test(java.util.List<io.archlab.knowledge.FinalEvaluationRecord> models) {
        if (models.isEmpty()) {
            return "";
        }
        double[] a = models.stream().mapToDouble(io.archlab.knowledge.FinalEvaluationRecord::testAccuracy).toArray();
        if (a.length == 1) {
            return pct(a[0]);
        }
        io.archlab.evaluator.Interval ci = io.archlab.evaluator.Stats.meanConfidenceInterval(a, 0.95);
        return meanInterval(io.archlab.evaluator.Stats.mean(a), ci.lower(), ci.upper()) + " (" + a.length + " models)";
    }

    /** Seconds as minutes with one decimal. */
    static String minutes(double seconds) {
        return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
}
