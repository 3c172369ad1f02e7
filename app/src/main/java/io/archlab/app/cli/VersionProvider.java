package io.archlab.app.cli;

import io.archlab.agent.SoftwareVersions;
import picocli.CommandLine;

/** {@code archlab --version}. */
public class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"archlab " + SoftwareVersions.archlab()};
    }
}
