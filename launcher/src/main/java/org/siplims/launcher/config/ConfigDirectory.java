package org.siplims.launcher.config;

import java.nio.file.Path;
import java.util.Map;
import org.siplims.launcher.paths.OsFlavor;

/**
 * Where the launcher keeps the user's settings, following each system's convention:
 * {@code $XDG_CONFIG_HOME} (else {@code ~/.config}) on Linux, {@code ~/Library/Application Support}
 * on macOS, {@code %APPDATA%} on Windows.
 */
public final class ConfigDirectory {
    static final String APP_FOLDER = "sip-lims-launcher";

    private ConfigDirectory() {
    }

    public static Path forThisMachine() {
        return forOs(OsFlavor.current(), System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static Path forOs(OsFlavor os, Map<String, String> env, Path home) {
        return switch (os) {
            case WINDOWS -> {
                String appData = env.get("APPDATA");
                yield (appData != null && !appData.isBlank() ? Path.of(appData) : home.resolve("AppData").resolve("Roaming"))
                        .resolve(APP_FOLDER);
            }
            case MACOS -> home.resolve("Library").resolve("Application Support").resolve(APP_FOLDER);
            case LINUX -> {
                String xdg = env.get("XDG_CONFIG_HOME");
                // The XDG spec says to ignore a relative value.
                yield (xdg != null && xdg.startsWith("/") ? Path.of(xdg) : home.resolve(".config")).resolve(APP_FOLDER);
            }
        };
    }
}
