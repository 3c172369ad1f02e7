package io.archlab.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the packaged archlab application as a real child process, as a user would. */
final class AppProcess {
    private AppProcess() {
    }

    record Result(int exit, String out, String err) {
    }

    static Path jar() {
        String p = System.getProperty("archlab.app.jar");
        if (p == null) {
            throw new IllegalStateException("archlab.app.jar is not set: run through 'mvn verify'");
        }
        return Path.of(p);
    }

    static List<String> command(Path home, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        if (home != null) {
            cmd.add("--home");
            cmd.add(home.toString());
        }
        return cmd;
    }

    /** Starts archlab with {@code args} (plus {@code --home home} when given), output to files in {@code logs}. */
    static Process start(Path logs, Path home, String... args) throws IOException {
        return start(logs, home, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, Path, String...)}, with extra environment variables. */
    static Process start(Path logs, Path home, java.util.Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(logs);
        ProcessBuilder pb = new ProcessBuilder(command(home, args))
                .redirectOutput(logs.resolve("out.txt").toFile())
                .redirectError(logs.resolve("err.txt").toFile());
        pb.environment().remove("ARCHLAB_HOME");
        pb.environment().remove("ARCHLAB_DB_URL");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs archlab to completion. */
    static Result run(Path logs, Duration timeout, Path home, String... args) throws Exception {
        return run(logs, timeout, home, java.util.Map.of(), args);
    }

    /** Runs archlab to completion with extra environment variables. */
    static Result run(Path logs, Duration timeout, Path home, java.util.Map<String, String> env, String... args)
            throws Exception {
        Process p = start(logs, home, env, args);
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("archlab " + String.join(" ", args) + " did not finish in " + timeout);
        }
        return new Result(p.exitValue(), Files.readString(logs.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(logs.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
