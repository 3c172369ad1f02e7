package io.archlab.sandbox;

import java.util.concurrent.locks.LockSupport;

/**
 * Where simulated runaway candidate code waits (lightly, and stoppable within 10 ms) until a test
 * lets it go: it must be loaded by the test's own class loader, so the gate is shared.
 */
public final class SpinGate {
    private static volatile boolean open;

    private SpinGate() {
    }

    public static void close() {
        open = false;
    }

    public static void open() {
        open = true;
    }

    /** Returns {@code i} once the gate is open. */
    public static long await(int i) {
        while (!open) {
            LockSupport.parkNanos(10_000_000L);
        }
        return i;
    }
}
