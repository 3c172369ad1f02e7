package io.archlab.sandbox.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Hardware budgets checked by static analysis, before any training: trainable parameters,
 * multiply-accumulates per sample, and peak float32 activation memory at batch 1. A limit of 0
 * means none.
 */
public record Budgets(long maxParams, long maxMacs, long maxPeakBytes) {
    public Budgets {
        if (maxParams < 0 || maxMacs < 0 || maxPeakBytes < 0) {
            throw new IllegalArgumentException("budgets must be >= 0 (0 for none)");
        }
    }

    /** What {@code a} exceeds, with the amounts, or null when it fits. */
    public String violation(Analysis a) {
        List<String> over = new ArrayList<>();
        if (maxParams > 0 && a.params() > maxParams) {
            over.add(String.format(Locale.ROOT, "%,d parameters exceed the budget of %,d", a.params(), maxParams));
        }
        if (maxMacs > 0 && a.macs() > maxMacs) {
            over.add(String.format(Locale.ROOT, "%,d MACs exceed the budget of %,d", a.macs(), maxMacs));
        }
        if (maxPeakBytes > 0 && a.peakBytesFloat32() > maxPeakBytes) {
            over.add(String.format(Locale.ROOT, "peak activation memory of %,d bytes exceeds the budget of %,d",
                    a.peakBytesFloat32(), maxPeakBytes));
        }
        return over.isEmpty() ? null : String.join("; ", over);
    }
}
