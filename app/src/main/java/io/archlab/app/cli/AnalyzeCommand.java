package io.archlab.app.cli;

import io.archlab.agent.SeedLibrary;
import io.archlab.sandbox.analysis.Analysis;
import io.archlab.sandbox.analysis.StaticAnalyzer;
import io.archlab.sandbox.data.Task;
import io.archlab.sandbox.ir.Shapes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archlab analyze FILE}: static analysis of a DSL file, op by op, without training. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Check a DSL file and measure it without training: every op with its output shape, "
                + "parameters and MACs; totals; peak activation memory at batch 1; training memory.", ""})
public class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "a DSL source file")
    Path file;

    @Option(names = "--task", paramLabel = "NAME", defaultValue = "fashion-mnist",
            description = "task to build it for (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
            description = "batch size of the training-memory estimate (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        Task t = Cli.task(cl, task);
        if (batch < 1) {
            throw new CommandLine.ParameterException(cl, "--batch-size must be >= 1, got " + batch);
        }
        SeedLibrary.Seed seed = SeedLibrary.check(file, t, SeedLibrary.frontEnd());
        Analysis a = StaticAnalyzer.analyze(seed.graph(), batch);
        PrintWriter out = cl.getOut();
        out.printf(Locale.ROOT, "%s for %s%n%n", seed.name(), t.name());
        out.printf(Locale.ROOT, "%4s  %-16s  %-22s  %12s  %14s%n", "#", "op", "shape", "params", "MACs");
        for (Analysis.OpCost c : a.ops()) {
            out.printf(Locale.ROOT, "%4d  %-16s  %-22s  %,12d  %,14d%n", c.id(), c.op(), Shapes.show(c.shape()),
                    c.params(), c.macs());
        }
        out.printf(Locale.ROOT, "%ntotal: %,d params, %,d MACs, %,d FLOPs per sample%n", a.params(), a.macs(),
                a.flops());
        out.printf(Locale.ROOT, "peak activation memory at batch 1: %,d bytes (float32), %,d bytes (int8)%n",
                a.peakBytesFloat32(), a.peakBytesInt8());
        out.printf(Locale.ROOT, "training memory at batch %d (estimate): %,d bytes%n", batch, a.trainingBytes());
        out.flush();
        return 0;
    }
}
