package org.siplims.launcher.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The lab-wide settings file, {@value #FILE_NAME}, beside the launcher's start scripts in its
 * distribution folder: IT writes it once (for example {@code mirror = mirror.lab.example:5000}) and
 * every launcher unpacked from that copy uses it. Same format as {@code launcher.conf}; a user's own
 * {@code launcher.conf} and the command line win over it.
 */
public final class LabSettings {
    public static final String FILE_NAME = "lab.conf";

    private LabSettings() {
    }

    /** The distribution folder this JVM runs from ({@code <distribution>/runtime} is its Java), if it is one. */
    public static Optional<Path> distributionFolder() {
        Path runtime = Path.of(System.getProperty("java.home"));
        Path home = runtime.getParent();
        return home != null && Files.isRegularFile(home.resolve("lib/launcher.args")) ? Optional.of(home) : Optional.empty();
    }

    /** The lab-wide file: {@code given} (--lab-settings) if any, else the distribution's; empty settings when there is none. */
    public static ConfigFile read(Optional<Path> given) {
        if (given.isPresent()) {
            return ConfigFile.read(given.get(), true);
        }
        return distributionFolder().map(home -> ConfigFile.read(home.resolve(FILE_NAME), false)).orElse(ConfigFile.empty());
    }
}
