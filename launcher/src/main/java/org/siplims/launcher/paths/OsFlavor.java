package org.siplims.launcher.paths;

import java.util.Locale;

/**
 * The kind of operating system whose path rules apply. A parameter rather than a global, so the
 * Windows and macOS rules are unit-tested on any host.
 */
public enum OsFlavor {
    LINUX,
    MACOS,
    WINDOWS;

    /** The flavour of the machine this JVM runs on. */
    public static OsFlavor current() {
        return fromOsName(System.getProperty("os.name", ""));
    }

    static OsFlavor fromOsName(String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return MACOS;
        }
        return LINUX;
    }

    /** Whether two spellings of a path that differ only in case name the same folder (default file systems). */
    public boolean caseInsensitivePaths() {
        return this != LINUX;
    }

    public char separator() {
        return this == WINDOWS ? '\\' : '/';
    }

    /** Docker Desktop maps file ownership itself; only on Linux must the container run as the user. */
    public boolean runsContainersAsUser() {
        return this == LINUX;
    }
}
