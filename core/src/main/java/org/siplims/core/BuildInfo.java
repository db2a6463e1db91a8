package org.siplims.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and commit this build was made from, for both programs' {@code --version}. Maven
 * writes them into {@code build.properties}; the commit comes from {@code -Dbuild.commit}, which
 * {@code scripts/launch}, {@code scripts/publish} and the release workflow pass ("unknown" otherwise).
 */
public final class BuildInfo {
    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Unknown then: --version says so rather than failing.
        }
        return p;
    }

    public static String version() {
        return known(PROPERTIES.getProperty("version"));
    }

    public static String commit() {
        return known(PROPERTIES.getProperty("commit"));
    }

    /** One line for {@code --version}: "NAME VERSION (commit COMMIT)". */
    public static String line(String program) {
        return program + " " + version() + " (commit " + commit() + ")";
    }

    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.strip();
    }
}
