package io.archlab.sandbox.nb201;

import java.util.Locale;

/**
 * A hardware constraint of the {@code nb201} task: a cell whose latency on the table's device is
 * above {@code maxMs} is over budget.
 */
public record LatencyLimit(LatencyTable table, double maxMs) {
    public LatencyLimit {
        if (table == null) {
            throw new IllegalArgumentException("a latency limit needs a latency table");
        }
        if (!(maxMs > 0) || Double.isInfinite(maxMs)) {
            throw new IllegalArgumentException("the latency limit must be a positive number of milliseconds, got "
                    + maxMs);
        }
    }

    /** Why {@code arch} breaks the limit, with the amounts, or null when it keeps it. */
    public String violation(Nb201Arch arch) {
        double ms = table.latencyMs(arch);
        return ms > maxMs ? String.format(Locale.ROOT, "latency of %.3f ms on %s exceeds the limit of %.3f ms "
                + "(latency table %s)", ms, table.device(), maxMs, table.file().getFileName()) : null;
    }
}
