package org.siplims.launcher.cli;

import java.io.IOException;
import java.net.URI;
import org.siplims.launcher.paths.OsFlavor;

/**
 * Opens the status page in the user's browser with the system's own command (no java.desktop
 * module needed). A failure is harmless: the address is printed on the console too.
 */
final class BrowserOpener {
    private BrowserOpener() {
    }

    static void open(URI url, OsFlavor os) {
        String[] command = switch (os) {
            case MACOS -> new String[] {"open", url.toString()};
            case WINDOWS -> new String[] {"rundll32", "url.dll,FileProtocolHandler", url.toString()};
            case LINUX -> new String[] {"xdg-open", url.toString()};
        };
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            // No browser command here (a server, a container): the console shows the address.
        }
    }
}
