package org.siplims.launcher.cli;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessRunner;
import org.siplims.launcher.paths.OsFlavor;

/**
 * Opens the status page in the user's browser with the system's own command (no java.desktop
 * module needed). A failure is harmless: the address is printed on the console too.
 */
final class BrowserOpener {
    /**
     * Besides {@link ProcessRunner#SAFE_BASE}, what the system's command needs to reach the user's
     * desktop session and preferred browser; nothing else of the launcher's environment.
     */
    private static final List<String> DESKTOP_SESSION = List.of("DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY",
            "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_CURRENT_DESKTOP", "XDG_SESSION_TYPE", "XDG_CONFIG_HOME",
            "XDG_CONFIG_DIRS", "XDG_DATA_HOME", "XDG_DATA_DIRS", "DESKTOP_SESSION", "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID",
            "BROWSER", "LANGUAGE", "__CF_USER_TEXT_ENCODING",
            // the browser may be started by this command and then serve the user for the rest of the session
            "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY");
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private BrowserOpener() {
    }

    /** @return whether the system's command was started (not whether a browser showed the page) */
    static boolean open(URI url, OsFlavor os) {
        String[] command = switch (os) {
            case MACOS -> new String[] {"open", url.toString()};
            case WINDOWS -> new String[] {"rundll32", "url.dll,FileProtocolHandler", url.toString()};
            case LINUX -> new String[] {"xdg-open", url.toString()};
        };
        try {
            // Started and left to run: the browser may stay its child for as long as the user keeps it open.
            RUNNER.start(ProcessCommand.of(command).inheritSafeBase().inherit(DESKTOP_SESSION).discardOutput());
            return true;
        } catch (IOException e) {
            // No browser command here (a server, a container): the console shows a link.
            return false;
        }
    }
}
