package io.archlab.app.cli;

import io.archlab.sandbox.analysis.DslBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code archlab bench}: benchmarks that print a table. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.Dsl.class,
    BenchCommand.Sandbox.class, BenchCommand.StoreBench.class, BenchCommand.Dashboard.class,
    BenchDiscoveryCommand.class, BenchCommand.Cluster.class, BenchProxiesCommand.class, Nb201BenchCommand.class, BenchCommand.All.class},
        description = {"Benchmarks that print a table (figures go to BENCHMARKS.md).", ""})
public class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code archlab bench dsl}. */
    @Command(name = "dsl", mixinStandardHelpOptions = true,
            description = {"For every baseline and a generated 200-op graph: params, MACs, peak memory, javac time, "
                    + "build + analyze + hash time, and IR to DJL block time (medians).", ""})
    public static class Dsl implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "50",
                description = "timed repetitions of build + analyze + hash (default: ${DEFAULT-VALUE})")
        int repeats;

        @Override
        public Integer call() throws Exception {
            if (repeats < 3) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--repeats must be >= 3, got " + repeats);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("| candidate | ops | params | MACs | peak act. memory (f32, batch 1) | javac ms "
                    + "| build+analyze+hash ms | IR to DJL ms |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            for (DslBenchmark.Row r : DslBenchmark.run(repeats)) {
                out.printf(Locale.ROOT, "| %s | %d | %,d | %,d | %,d B | %.1f | %.3f | %.1f |%n", r.name(), r.ops(),
                        r.params(), r.macs(), r.peakBytes(), r.javacMs(), r.buildAnalyzeHashMs(), r.toDjlMs());
                out.flush();
            }
            return 0;
        }
    }

    /** {@code archlab bench sandbox}. */
    @Command(name = "sandbox", mixinStandardHelpOptions = true,
            description = {"Per-trial overhead of worker trials (median and p95 of everything but training steps), "
                    + "and training throughput of a reference and a larger CNN at several batch sizes, as samples/s "
                    + "and as model-FLOP utilisation against the dense float32 matmul rate measured in the same run.",
                ""})
    public static class Sandbox implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--trials", paramLabel = "N", defaultValue = "20",
                description = "worker trials for the overhead figure (default: ${DEFAULT-VALUE})")
        int trials;

        @Option(names = "--steps", paramLabel = "N", defaultValue = "30",
                description = "timed training steps per throughput figure (default: ${DEFAULT-VALUE})")
        int steps;

        @Override
        public Integer call() throws Exception {
            if (trials < 2 || steps < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--trials must be >= 2 and --steps >= 1");
            }
            PrintWriter out = spec.commandLine().getOut();
            java.util.List<String> launch = WorkerLaunch.command();
            if (launch == null) {
                launch = io.archlab.sandbox.worker.LocalWorkerPool.javaLaunch(java.util.List.of("-Dai.djl.offline=true"));
            }
            java.nio.file.Path logs = java.nio.file.Files.createTempDirectory("archlab-bench");
            io.archlab.sandbox.analysis.SandboxBenchmark.Overhead o =
                    io.archlab.sandbox.analysis.SandboxBenchmark.overhead(launch, logs, trials);
            out.println("| per-trial overhead (worker, Mlp, 0.5 s budget) | value |");
            out.println("|---|---:|");
            out.printf(Locale.ROOT, "| trials | %d |%n| overhead median | %.3f s |%n| overhead p95 | %.3f s |%n"
                    + "| whole trial median (wall) | %.3f s |%n%n", o.trials(), o.medianSeconds(), o.p95Seconds(),
                    o.medianWallSeconds());
            out.flush();
            out.println("| model | batch | MACs/sample | samples/s | achieved GFLOP/s | matmul GFLOP/s | MFU |");
            out.println("|---|---:|---:|---:|---:|---:|---:|");
            for (var t : io.archlab.sandbox.analysis.SandboxBenchmark.throughput(new int[] {64, 128, 256}, steps)) {
                out.printf(Locale.ROOT, "| %s | %d | %,d | %,.0f | %.1f | %.1f | %.1f%% |%n", t.model(), t.batch(),
                        t.macsPerSample(), t.samplesPerSecond(), t.achievedGflops(), t.matmulGflops(), 100 * t.mfu());
                out.flush();
            }
            return 0;
        }
    }

    /** {@code archlab bench cluster}. */
    @Command(name = "cluster", mixinStandardHelpOptions = true,
            description = {"Trials per hour on 1, 2, 3... worker members on this machine (each a real 'archlab worker "
                    + "--join' process with its own trial processes), each against this machine's own worker pool with as many "
                    + "processes; the "
                    + "speed-up over one member, the efficiency per member and per machine core used (members share "
                    + "this machine's cores), and the dispatch overhead per trial (dispatch to result on the "
                    + "coordinator minus the trial's own time on the member). Every trial trains the same network "
                    + "for a fixed number of epochs.", ""})
    public static class Cluster implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        HomeOption home;

        @Option(names = "--members", paramLabel = "N,N,...", split = ",", defaultValue = "1,2,3",
                description = "numbers of worker members to measure (default: ${DEFAULT-VALUE})")
        java.util.List<Integer> members;

        @Option(names = "--cores", paramLabel = "N", defaultValue = "1",
                description = "cores each member offers (default: ${DEFAULT-VALUE})")
        int cores;

        @Option(names = "--trials", paramLabel = "N", defaultValue = "12",
                description = "timed trials per setup (default: ${DEFAULT-VALUE})")
        int trials;

        @Option(names = "--model", paramLabel = "NAME", defaultValue = "LeNet5",
                description = "the built-in baseline every trial trains (default: ${DEFAULT-VALUE})")
        String model;

        @Option(names = "--epochs", paramLabel = "N", defaultValue = "5",
                description = "epochs of the Fashion-MNIST subset per trial (default: ${DEFAULT-VALUE})")
        int epochs;

        @Override
        public Integer call() throws Exception {
            CommandLine cl = spec.commandLine();
            int machine = Runtime.getRuntime().availableProcessors();
            if (members.isEmpty() || members.stream().anyMatch(m -> m < 1 || m > 16)) {
                throw new CommandLine.ParameterException(cl, "--members must list numbers in 1..16, got " + members);
            }
            if (cores < 1 || cores > machine || trials < 2 || epochs < 1) {
                throw new CommandLine.ParameterException(cl, "--cores must be in 1.." + machine
                        + ", --trials >= 2 and --epochs >= 1");
            }
            try {
                io.archlab.sandbox.baselines.Baselines.get(model);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, "--model: " + e.getMessage());
            }
            java.util.List<String> launch = WorkerLaunch.command();
            java.util.List<String> archlab = WorkerLaunch.archlab();
            if (launch == null || archlab == null) {
                throw new CommandLine.ParameterException(cl, "bench cluster starts worker members from the packaged "
                        + "archlab: run it as './archlab bench cluster'");
            }
            PrintWriter out = cl.getOut();
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("archlab-bench-cluster");
            ClusterBenchmark bench = new ClusterBenchmark(archlab, model, epochs);
            java.util.List<ClusterBenchmark.Row> rows = new java.util.ArrayList<>();
            java.util.Map<Integer, ClusterBenchmark.Row> local = new java.util.HashMap<>();
            for (int m : members) {
                out.println(m + " process(es) of " + cores + " engine thread(s) in this machine's own worker pool");
                out.flush();
                ClusterBenchmark.Row l = bench.local(launch, m, cores, trials, dir.resolve("local-" + m));
                local.put(m, l);
                rows.add(l);
                out.println(m + " worker member(s) of " + cores + " core(s) on 127.0.0.1");
                out.flush();
                rows.add(bench.cluster(m, cores, trials, dir));
            }
            ClusterBenchmark.Row one = rows.stream().filter(r -> r.members() == 1).findFirst().orElse(null);
            out.println();
            out.printf(Locale.ROOT, "%s, %d epoch(s) of the Fashion-MNIST subset per trial; %d trials per setup; "
                    + "this machine: %d cores%n%n", model, epochs, trials, machine);
            out.println("| setup | cores offered | trials | wall s | trials/hour | speed-up vs 1 member "
                    + "| efficiency per member | efficiency per machine core used | vs the local pool of as many "
                    + "processes | dispatch overhead mean ms | p50 ms | p95 ms |");
            out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (ClusterBenchmark.Row r : rows) {
                String speed = "";
                String perMember = "";
                String perCore = "";
                String vsLocal = "";
                if (one != null && r.members() > 0) {
                    double s = r.trialsPerHour() / one.trialsPerHour();
                    double used = Math.min(r.cores(), machine) / (double) Math.min(one.cores(), machine);
                    speed = String.format(Locale.ROOT, "%.2f", s);
                    perMember = String.format(Locale.ROOT, "%.2f", s / r.members());
                    perCore = String.format(Locale.ROOT, "%.2f", s / used);
                    vsLocal = String.format(Locale.ROOT, "%.2f", r.trialsPerHour()
                            / local.get(r.members()).trialsPerHour());
                }
                java.util.List<Double> o = new java.util.ArrayList<>(r.overheadMs());
                java.util.Collections.sort(o);
                String mean = o.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f",
                        o.stream().mapToDouble(Double::doubleValue).average().orElse(0));
                String p50 = o.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f", o.get((o.size() - 1) / 2));
                String p95 = o.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f",
                        o.get((int) Math.ceil(0.95 * o.size()) - 1));
                out.printf(Locale.ROOT, "| %s | %d | %d | %.1f | %.0f | %s | %s | %s | %s | %s | %s | %s |%n",
                        r.setup(), r.cores(), r.trials(), r.wallSeconds(), r.trialsPerHour(), speed, perMember, perCore,
                        vsLocal, mean, p50, p95);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code archlab bench store}. */
    @Command(name = "store", mixinStandardHelpOptions = true,
            description = {"Fills a fresh knowledge base (embedded H2 in a temporary directory, or $ARCHLAB_DB_URL "
                    + "if set) with one synthetic run through the store's API (realistic sources, IR, curves and an "
                    + "evolutionary lineage), then times the leaderboard, a Pareto front, the lineage of the deepest "
                    + "candidate and a run resume: median and p95.", ""})
    public static class StoreBench implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--candidates", paramLabel = "N", defaultValue = "100000", converter = CountConverter.class,
                description = "candidates in the run, e.g. 100k (default: ${DEFAULT-VALUE})")
        long candidates;

        @Option(names = "--trials-per-candidate", paramLabel = "N", defaultValue = "3",
                description = "trials per candidate (default: ${DEFAULT-VALUE})")
        int trialsPerCandidate;

        @Option(names = "--repeats", paramLabel = "N", defaultValue = "50",
                description = "timed calls of each operation (default: ${DEFAULT-VALUE})")
        int repeats;

        @Option(names = "--keep", description = "keep the temporary knowledge base (its path is printed)")
        boolean keep;

        @Override
        public Integer call() throws Exception {
            if (candidates < 10 || candidates > 10_000_000 || trialsPerCandidate < 1 || repeats < 5) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--candidates must be in 10..10M, "
                        + "--trials-per-candidate >= 1 and --repeats >= 5");
            }
            PrintWriter out = spec.commandLine().getOut();
            java.nio.file.Path home = java.nio.file.Files.createTempDirectory("archlab-bench-store");
            out.println("knowledge base: " + (System.getenv(io.archlab.knowledge.Stores.URL_ENV) != null
                    ? "$" + io.archlab.knowledge.Stores.URL_ENV : home.toString()));
            out.flush();
            try (io.archlab.knowledge.Store store = io.archlab.knowledge.Stores.open(home)) {
                io.archlab.knowledge.StoreBenchmark.Result r = io.archlab.knowledge.StoreBenchmark.run(store,
                        (int) candidates, trialsPerCandidate, repeats, 42);
                out.print(io.archlab.knowledge.StoreBenchmark.table(r));
            } finally {
                if (!keep) {
                    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(home)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code archlab bench dashboard}. */
    @Command(name = "dashboard", mixinStandardHelpOptions = true,
            description = {"Fills a temporary knowledge base with one synthetic run (as bench store does), serves "
                    + "it with archlab serve on a free loopback port, and times the leaderboard, lineage, candidate, "
                    + "Pareto, overview and runs pages: the first request, then median and p95.", ""})
    public static class Dashboard implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--candidates", paramLabel = "N", defaultValue = "100000", converter = CountConverter.class,
                description = "candidates in the run, e.g. 100k (default: ${DEFAULT-VALUE})")
        long candidates;

        @Option(names = "--trials-per-candidate", paramLabel = "N", defaultValue = "1",
                description = "trials per candidate (default: ${DEFAULT-VALUE})")
        int trialsPerCandidate;

        @Option(names = "--requests", paramLabel = "N", defaultValue = "20",
                description = "timed requests per page after 3 warm-ups (default: ${DEFAULT-VALUE})")
        int requests;

        @Override
        public Integer call() throws Exception {
            if (candidates < 10 || candidates > 10_000_000 || trialsPerCandidate < 1 || requests < 5) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--candidates must be in 10..10M, "
                        + "--trials-per-candidate >= 1 and --requests >= 5");
            }
            DashboardBenchmark.run((int) candidates, trialsPerCandidate, requests, spec.commandLine().getOut());
            return 0;
        }
    }

    /** {@code archlab bench all}. */
    @Command(name = "all", mixinStandardHelpOptions = true,
            description = {"Runs every benchmark, each as its own process, at a size that fits a few minutes on 2 "
                    + "cores (--full: the sizes the goals are stated at), prints their tables and writes them, with "
                    + "date, machine and commands, into a Markdown file between two markers (replacing the previous "
                    + "ones).", ""})
    public static class All implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** Accepted like every command's; the runs of this benchmark use temporary homes of their own. */
        @picocli.CommandLine.Mixin
        HomeOption home;

        @Option(names = "--full", description = "full sizes (hours on 2 cores)")
        boolean full;

        @Option(names = "--write", paramLabel = "FILE", defaultValue = "BENCHMARKS.md",
                description = "the Markdown file to write the tables into (default: ${DEFAULT-VALUE})")
        java.nio.file.Path write;

        @Option(names = "--no-write", description = "print only")
        boolean noWrite;

        @Option(names = "--nb201-table", paramLabel = "FILE", description = "a NAS-Bench-201 table for bench nb201 "
                + "(without it, bench nb201 is left out and said so)")
        String nb201Table;

        @Option(names = "--proxies-home", paramLabel = "DIR", description = "an archlab home with a finished run for "
                + "bench proxies (without it, bench proxies times the proxies on the baselines only)")
        java.nio.file.Path proxiesHome;

        @Option(names = "--only", paramLabel = "LIST", split = ",", description = "run only these benchmarks "
                + "(comma-separated names)")
        java.util.List<String> only;

        @Override
        public Integer call() throws Exception {
            java.util.Set<String> available = new java.util.HashSet<>(spec.parent().subcommands().keySet());
            available.remove("all");
            if (only != null) {
                for (String name : only) {
                    if (!available.contains(name)) {
                        throw new CommandLine.ParameterException(spec.commandLine(), "--only: unknown benchmark '"
                                + name + "' (known: " + new java.util.TreeSet<>(available) + ")");
                    }
                }
                available.retainAll(only);
            }
            if (nb201Table != null) {
                Cli.file(spec.commandLine(), "--nb201-table", nb201Table);
            }
            AllBenchmarks.run(AllBenchmarks.benches(available, nb201Table, proxiesHome), full, noWrite ? null : write,
                    spec.commandLine().getOut());
            return 0;
        }
    }
}
