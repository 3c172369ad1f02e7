package io.archlab.app;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Optional;

/** archlab's settings ({@code application.properties}, system properties or environment). */
@ConfigMapping(prefix = "archlab")
public interface ArchlabConfig {

    /**
     * The archlab home: knowledge base and run files. Environment: {@code ARCHLAB_HOME}. Default:
     * {@code ~/.archlab}. The {@code --home} flag of each command overrides it.
     */
    Optional<String> home();

    /** The home to use: {@code flag} when given, else {@link #home()}, else {@code ~/.archlab}. */
    default Path homeOr(Path flag) {
        if (flag != null) {
            return flag.toAbsolutePath();
        }
        return home().filter(s -> !s.isBlank()).map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".archlab")).toAbsolutePath();
    }
}
