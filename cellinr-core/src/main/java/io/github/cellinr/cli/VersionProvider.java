package io.github.cellinr.cli;

import io.github.cellinr.core.Version;
import picocli.CommandLine.IVersionProvider;

/** Prints the project version and the Java runtime, the two things a bug report needs. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"cellinr " + Version.get(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
