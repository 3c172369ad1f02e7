package io.archlab.sandbox.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends a worker process as soon as the process that started it is gone (killed with SIGKILL, say):
 * a trial nobody will read must not go on using the machine's cores. The launcher names itself in
 * the worker's environment ({@value #ENV}: its pid and start instant, so that a reused pid is not
 * taken for it); the worker checks it as the first thing it does, and exits at once when it is
 * already gone (it may have died while the worker's JVM was starting, when the worker would find
 * init as its parent), then every second.
 */
public final class ParentWatch {
    /** The environment variable naming the launcher: {@code PID@START_EPOCH_MILLIS}. */
    public static final String ENV = "ARCHLAB_WORKER_PARENT";
    /** The exit code of a worker whose launcher is gone. */
    static final int PARENT_GONE = 3;
    /** How often a worker checks that its launcher is alive. */
    static final long POLL_MILLIS = 1000;
    /**
     * How far apart two readings of one process's start may be: the kernel gives it in ticks since
     * boot, and each JVM adds the boot time it reads, which moves when the clock is set.
     */
    static final Duration START_TOLERANCE = Duration.ofSeconds(1);
    private static boolean started;

    private ParentWatch() {
    }

    /** How {@code p} is named in {@value #ENV}. */
    static String describe(ProcessHandle p) {
        return p.pid() + p.info().startInstant().map(s -> "@" + s.toEpochMilli()).orElse("");
    }

    /**
     * Starts watching the launcher named in {@value #ENV} (without it, this process's parent), and
     * halts this process at once if it is already gone. Once per process; later calls do nothing.
     */
    public static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        String named = System.getenv(ENV);
        Optional<ProcessHandle> parent = named == null ? ProcessHandle.current().parent() : find(named);
        if (parent.isEmpty() && named == null) {
            return;   // no parent to watch
        }
        if (parent.isEmpty() || !parent.get().isAlive()) {
            Runtime.getRuntime().halt(PARENT_GONE);
        }
        ProcessHandle p = parent.get();
        Thread t = new Thread(() -> {
            while (p.isAlive()) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Runtime.getRuntime().halt(PARENT_GONE);
        }, "archlab-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /** The live process {@code named} describes, or empty when it is gone (or its pid is another's now). */
    static Optional<ProcessHandle> find(String named) {
        String[] parts = named.strip().split("@", 2);
        Optional<ProcessHandle> p;
        try {
            p = ProcessHandle.of(Long.parseLong(parts[0]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENV + " must be PID@START_EPOCH_MILLIS, got " + named);
        }
        if (p.isEmpty() || parts.length == 1) {
            return p;
        }
        Instant start = Instant.ofEpochMilli(Long.parseLong(parts[1]));
        Optional<Instant> actual = p.get().info().startInstant();
        boolean same = actual.isEmpty() || Duration.between(start, actual.get()).abs().compareTo(START_TOLERANCE) <= 0;
        return same ? p : Optional.empty();
    }
}
