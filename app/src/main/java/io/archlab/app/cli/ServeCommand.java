package io.archlab.app.cli;

import io.archlab.app.ArchlabConfig;
import io.archlab.app.web.DashboardStore;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code archlab serve}: the dashboard, until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the dashboard (runs and their leaderboards, and a read-only JSON API) until Ctrl-C.",
            ""})
public class ServeCommand implements Callable<Integer> {
    @Inject
    ArchlabConfig config;

    @Inject
    DashboardStore dashboard;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = {"address (IP or name) to listen on (default: ${DEFAULT-VALUE}; anything else exposes the "
                    + "dashboard to the network).",
                "Requests must name it as their host (on loopback, localhost, 127.0.0.1 and [::1] too; on 0.0.0.0 or "
                    + "::, the machine's address they arrive on too); any other is refused (421), so a web page "
                    + "cannot read the dashboard through a DNS name of its own. To browse by a DNS name, give that "
                    + "name."})
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "port to listen on (default: ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(cl, "--port must be in 1-65535, got " + port);
        }
        PrintWriter out = cl.getOut();
        dashboard.open(home.resolve(config));
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            cl.getErr().println("archlab: warning: the dashboard listens on " + host
                    + " and is reachable from the network; it has no authentication");
            cl.getErr().flush();
        }
        out.println("archlab dashboard: http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
                + "/ (knowledge base " + home.resolve(config) + "; Ctrl-C to stop)");
        out.flush();
        Quarkus.waitForExit();
        return 0;
    }
}
