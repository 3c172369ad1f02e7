package io.archlab.app.cli;

import io.archlab.agent.RunException;
import io.archlab.app.ArchlabConfig;
import io.archlab.knowledge.CandidateRecord;
import io.archlab.knowledge.Store;
import io.archlab.knowledge.Stores;
import io.archlab.sandbox.export.PyTorchExporter;
import io.archlab.sandbox.ir.IrJson;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code archlab export CANDIDATE}: a candidate as a PyTorch module or as its JSON IR. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a candidate out of archlab: a PyTorch nn.Module in Python source (same ops, same "
                + "parameter count), or its JSON IR.", ""})
public class ExportCommand implements Callable<Integer> {
    /** Export formats. */
    public enum Format { pytorch, json }

    @Inject
    ArchlabConfig config;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HomeOption home;

    @Parameters(index = "0", paramLabel = "CANDIDATE", description = "the candidate's id (see the run's report)")
    String candidateId;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "pytorch",
            description = "pytorch or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to FILE instead of standard output")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path h = home.resolve(config);
        String text;
        try (Store store = Stores.open(h)) {
            CandidateRecord c = store.candidate(candidateId)
                    .orElseThrow(() -> new RunException("no candidate " + candidateId + " in " + h));
            if (c.irJson() == null) {
                throw new RunException("candidate " + candidateId + " never built an IR (its trial failed before "
                        + "tracing): nothing to export");
            }
            text = format == Format.pytorch ? PyTorchExporter.export(IrJson.fromJson(c.irJson()), c.name())
                    : IrJson.toJson(IrJson.fromJson(c.irJson())) + "\n";
        }
        if (out != null) {
            Files.writeString(out, text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println(out.toAbsolutePath());
        } else {
            spec.commandLine().getOut().print(text);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
