package io.archlab.app.cli;

import java.nio.file.Path;
import io.archlab.app.ArchlabConfig;
import picocli.CommandLine.Option;

/** The {@code --home} option shared by all commands. */
public class HomeOption {
    @Option(names = "--home", paramLabel = "DIR",
            description = "archlab home holding the knowledge base and run files (default: $ARCHLAB_HOME, "
                    + "else ~/.archlab)")
    Path home;

    /** The home to use: the flag, else the {@code archlab.home} setting (env ARCHLAB_HOME), else ~/.archlab. */
    public Path resolve(ArchlabConfig config) {
        return config.homeOr(home);
    }
}
