package io.archlab.app.cli;

import io.archlab.sandbox.analysis.DslBenchmark;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code archlab bench}: benchmarks that print a table. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.Dsl.class},
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
}
