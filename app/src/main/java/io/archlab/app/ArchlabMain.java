package io.archlab.app;

import io.archlab.app.cli.ArchlabCommand;
import io.archlab.app.cli.Cli;
import io.archlab.sandbox.worker.ParentWatch;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Entry point of the {@code archlab} command. Only {@code serve} opens the HTTP server: for every
 * other command it is disabled before Quarkus starts, so a run never binds a port.
 */
@QuarkusMain
public class ArchlabMain implements QuarkusApplication {
    @Inject
    CommandLine.IFactory factory;

    public static void main(String... args) {
        if (args.length > 0 && args[0].equals("worker") && Arrays.asList(args).contains("--stdio")) {
            ParentWatch.start();   // a trial process: gone with its launcher, even while Quarkus starts
        }
        System.setProperty("ai.djl.offline", "true");
        // No secret reaches the console or the logs (they go to standard error), whoever prints it.
        System.setOut(io.archlab.knowledge.Secrets.redacting(System.out));
        System.setErr(io.archlab.knowledge.Secrets.redacting(System.err));
        Runtime.getRuntime().addShutdownHook(new Thread(io.archlab.knowledge.Secrets::drain, "archlab-drain"));
        configureHttp(Arrays.asList(args));
        Quarkus.run(ArchlabMain.class, args);
    }

    @Override
    public int run(String... args) {
        return Cli.commandLine(new CommandLine(ArchlabCommand.class, factory)).execute(args);
    }

    /** Enables the HTTP server for {@code serve} (on its --host/--port) and disables it otherwise. */
    static void configureHttp(List<String> args) {
        boolean serve = !args.isEmpty() && args.get(0).equals("serve")
                && !args.contains("--help") && !args.contains("-h");
        if (!serve) {
            System.setProperty("quarkus.http.host-enabled", "false");
            return;
        }
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.size() ? args.get(i + 1) : null);
            if ((a.equals("--port") || a.startsWith("--port=")) && value != null) {
                if (!value.matches("\\d{1,5}") || Integer.parseInt(value) < 1 || Integer.parseInt(value) > 65535) {
                    System.setProperty("quarkus.http.host-enabled", "false");
                    return;
                }
                System.setProperty("quarkus.http.port", value);
            } else if ((a.equals("--host") || a.startsWith("--host=")) && value != null) {
                System.setProperty("quarkus.http.host", value);
            }
        }
    }
}
