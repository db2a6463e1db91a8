package org.siplims.launcher.testing;

import java.nio.file.Path;

/** Test-side view of the launcher owner's authentication (see LauncherHarness). */
public final class LauncherAuth {
    private LauncherAuth() {
    }

    public static Path secretFile(Path settings) {
        return settings.resolve("api-secret");
    }

    public static String cookieName(int statusPort) {
        return "sip-lims-launcher-" + statusPort;
    }
}
