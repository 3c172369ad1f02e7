package io.archlab.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** How this application starts its worker processes: the same packaged jar, with the hidden {@code worker} command. */
final class WorkerLaunch {
    private WorkerLaunch() {
    }

    /**
     * The worker command, or null (trials then run in this process) when archlab is not running
     * from its packaged jar, or when {@code ARCHLAB_IN_PROCESS} is set.
     */
    static List<String> command() {
        List<String> archlab = archlab();
        if (archlab == null) {
            return null;
        }
        List<String> cmd = new java.util.ArrayList<>(archlab);
        cmd.addAll(List.of("worker", "--stdio"));
        return List.copyOf(cmd);
    }

    /**
     * The command that starts this packaged archlab (a subcommand and its options are appended), or
     * null as for {@link #command()}.
     */
    static List<String> archlab() {
        String cp = System.getProperty("java.class.path", "");
        if (System.getenv("ARCHLAB_IN_PROCESS") != null || cp.contains(java.io.File.pathSeparator)
                || !cp.endsWith(".jar") || !Files.isRegularFile(Path.of(cp))) {
            return null;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-Dai.djl.offline=true", "-XX:+UseSerialGC", "-Xmx2g", "-jar",
                Path.of(cp).toAbsolutePath().toString());
    }
}
