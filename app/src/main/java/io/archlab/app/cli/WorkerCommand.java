package io.archlab.app.cli;

import io.archlab.app.ArchlabConfig;
import io.archlab.sandbox.cluster.ClusterSecret;
import io.archlab.sandbox.cluster.ClusterWorker;
import io.archlab.sandbox.worker.LocalWorkerPool;
import io.archlab.sandbox.worker.WorkerMain;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code archlab worker --join HOST:PORT}: this machine's cores for a run coordinated elsewhere.
 * With the hidden {@code --stdio}, a trial process started by a run (the worker protocol on
 * standard input and output).
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Add this machine to runs coordinated elsewhere: join the coordinator of 'archlab run --cluster "
                + "HOST:PORT' and train the trials it sends, each in an isolated process with the run's budgets, until "
                + "stopped (Ctrl-C). Needs no database; data is read from the coordinator's path when this machine "
                + "has the same files, else streamed once and cached by checksum. The cluster secret comes from "
                + ClusterSecret.ENV + " or --secret-file.", ""})
public class WorkerCommand implements Callable<Integer> {
    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Option(names = "--join", paramLabel = "HOST:PORT",
            description = "the coordinator's address, as given to 'archlab run --cluster'")
    String join;

    @Option(names = "--cores", paramLabel = "N",
            description = "cores this machine offers (default: all of them)")
    Integer cores;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "1",
            description = "trials run at once; each gets cores / slots engine threads (default: ${DEFAULT-VALUE})")
    int slots;

    @Option(names = "--max-rss", paramLabel = "SIZE", converter = ByteSizeConverter.class,
            description = "resident memory cap of each trial process, e.g. 4GiB (default: none)")
    Long maxRss;

    @Option(names = "--label", paramLabel = "KEY=VALUE",
            description = "a placement label, e.g. gpu=a100 (repeatable): runs started with --place KEY=VALUE use "
                    + "only members carrying it")
    Map<String, String> labels;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "the interface to bind and announce (default: the one that reaches the coordinator)")
    String bind;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "the file whose first line is the cluster secret (default: " + ClusterSecret.ENV + ")")
    Path secretFile;

    @Option(names = "--join-timeout", paramLabel = "S", defaultValue = "120",
            description = "give up when no coordinator with this secret answers within S seconds of starting; once "
                    + "joined, the worker waits for the next coordinator forever (0: wait forever) "
                    + "(default: ${DEFAULT-VALUE})")
    double joinTimeout;

    @Option(names = "--stdio", hidden = true, description = "Internal: a trial process started by a run.")
    boolean stdio;

    @Override
    public Integer call() throws Exception {
        if (stdio) {
            return WorkerMain.serve();
        }
        CommandLine cl = spec.commandLine();
        if (join == null) {
            throw new CommandLine.ParameterException(cl, "--join HOST:PORT is required: the address of the "
                    + "coordinator started with 'archlab run --cluster HOST:PORT'");
        }
        int available = Runtime.getRuntime().availableProcessors();
        int n = cores == null ? available : cores;
        if (n < 1 || n > available) {
            throw new CommandLine.ParameterException(cl, "--cores must be in 1.." + available + " on this machine, got "
                    + n);
        }
        if (slots < 1 || slots > n) {
            throw new CommandLine.ParameterException(cl, "--slots must be in 1.." + n + " (the cores offered), got "
                    + slots);
        }
        if (!(joinTimeout >= 0) || Double.isInfinite(joinTimeout)) {
            throw new CommandLine.ParameterException(cl, "--join-timeout must be >= 0 seconds, got "
                    + Cli.typed(cl, "--join-timeout", joinTimeout));
        }
        Path dir = home.resolve(config);
        ClusterWorker.Settings settings;
        try {
            settings = new ClusterWorker.Settings(join, bind, n, slots, maxRss == null ? 0 : maxRss, labels,
                    dir.resolve("cache").resolve("data"), dir.resolve("worker").resolve(
                            Instant.now().toString().replace(':', '-') + "-" + ProcessHandle.current().pid()),
                    joinTimeout, LocalWorkerPool.Limits.defaults().graceSeconds());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        String secretText = ClusterSecret.text(secretFile);
        io.archlab.knowledge.Secrets.register(secretText);
        ClusterSecret secret = ClusterSecret.of(secretText);
        List<String> launch = WorkerLaunch.command();
        if (launch == null) {
            launch = LocalWorkerPool.javaLaunch(List.of("-Dai.djl.offline=true", "-XX:+UseSerialGC", "-Xmx2g"));
        }
        java.io.PrintWriter out = cl.getOut();
        ClusterWorker worker = new ClusterWorker(secret, settings, launch, message -> {
            synchronized (out) {
                out.println(Instant.now().toString().substring(11, 19) + " " + message);
                out.flush();
            }
        });
        Thread stop = new Thread(worker::stop, "archlab-worker-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        out.println("archlab worker: joining " + join + " with " + n + " core(s), " + slots + " slot(s)");
        out.flush();
        worker.serve();
        return 0;
    }
}
