package io.archlab.app.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code archlab} command: prints usage when called without a subcommand. */
@TopCommand
@Command(name = "archlab", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"LLM-driven neural-architecture discovery: proposes architectures as Java DSL code, trains "
                + "them with DJL under hardware budgets, and remembers everything in a knowledge base.", ""},
        subcommands = {DemoCommand.class, RunCommand.class, StatusCommand.class, ServeCommand.class,
            ReportCommand.class, SeedCommand.class, NotesCommand.class, AnalyzeCommand.class, ExportCommand.class,
            EvaluateCommand.class, BenchCommand.class,
            WorkerCommand.class},
        footer = {"", "Data and runs live under the archlab home: --home DIR, else $ARCHLAB_HOME, else ~/.archlab.",
            "Run 'archlab COMMAND --help' for a command's options."})
public class ArchlabCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
