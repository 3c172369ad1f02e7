package io.archlab.agent;

/** Derives independent, reproducible seeds from a run's seed. */
final class Seeds {
    private Seeds() {
    }

    /** A seed for stream {@code stream} (e.g. proposals, training) at position {@code ordinal}. */
    static long derive(long runSeed, int stream, int ordinal) {
        long z = runSeed + 0x9E3779B97F4A7C15L * (ordinal + 1L) + 0xBF58476D1CE4E5B9L * (stream + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
