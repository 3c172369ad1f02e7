package io.archlab.app.cli;

import io.archlab.agent.Proposal;
import io.archlab.agent.RunException;
import io.archlab.agent.SeedLibrary;
import io.archlab.app.ArchlabConfig;
import io.archlab.sandbox.compile.DslFrontEnd;
import io.archlab.sandbox.data.Task;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archlab seed FILE...}: adds the user's own DSL architectures as baselines of new runs. */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Add your own architectures (DSL Java files) as baselines: every new run in this home "
                + "trains them after the built-in ones. Each file is compiled and traced first; a bad file is "
                + "reported with its line and nothing is added.", ""})
public class SeedCommand implements Callable<Integer> {
    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "DSL source files to add")
    List<Path> files = new ArrayList<>();

    @Option(names = "--task", paramLabel = "NAME", defaultValue = "fashion-mnist",
            description = "task the files are checked against (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--list", description = "list the seeds of this home")
    boolean list;

    @Option(names = "--remove", paramLabel = "NAME", description = "remove the seed NAME")
    String remove;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        SeedLibrary library = new SeedLibrary(home.resolve(config));
        if (remove != null) {
            if (!library.remove(remove)) {
                throw new RunException("no seed named " + remove + " in " + home.resolve(config));
            }
            out.println("removed seed " + remove);
        } else if (files.isEmpty()) {
            if (!list) {
                throw new CommandLine.ParameterException(cl, "give FILE... to add, --list or --remove NAME");
            }
            List<Proposal> seeds = library.list();
            if (seeds.isEmpty()) {
                out.println("no seeds in " + home.resolve(config));
            }
            seeds.forEach(s -> out.println(s.name()));
        } else {
            Task t = Cli.task(cl, task);
            DslFrontEnd frontEnd = SeedLibrary.frontEnd();
            List<SeedLibrary.Seed> ok = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (Path f : files) {
                try {
                    ok.add(SeedLibrary.check(f, t, frontEnd));
                } catch (RunException e) {
                    errors.add(e.getMessage());
                }
            }
            if (!errors.isEmpty()) {
                throw new RunException(String.join("\n", errors) + "\nno seed added");
            }
            library.add(ok);
            for (SeedLibrary.Seed s : ok) {
                out.printf(Locale.ROOT, "added seed %s (%,d params, %,d MACs)%n", s.name(), s.graph().params(),
                        s.graph().macs());
            }
        }
        out.flush();
        return 0;
    }
}
