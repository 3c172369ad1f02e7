package io.archlab.app;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** archlab's settings ({@code application.properties}, system properties or environment). */
@ConfigMapping(prefix = "archlab")
public interface ArchlabConfig {

    /**
     * The archlab home: knowledge base and run files. Environment: {@code ARCHLAB_HOME}. Default:
     * {@code ~/.archlab}. The {@code --home} flag of each command overrides it.
     */
    Optional<String> home();
}
