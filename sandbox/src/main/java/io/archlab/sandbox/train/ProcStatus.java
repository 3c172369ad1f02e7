package io.archlab.sandbox.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of a process from Linux's {@code /proc/PID/status}; 0 where unknown. */
public final class ProcStatus {
    private ProcStatus() {
    }

    /** Current resident memory of {@code pid}, in bytes. */
    public static long residentBytes(long pid) {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /** Peak resident memory of this process, in bytes. */
    public static long peakResidentBytesOfSelf() {
        return field(Path.of("/proc/self/status"), "VmHWM:");
    }

    private static long field(Path status, String name) {
        try {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith(name)) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
