package org.siplims.launcher.engine;

import org.siplims.core.UserFacingException;

/** The port the app should be published on is taken by another program or container. */
public class PortInUseException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    private final int port;

    public PortInUseException(int port, String holder) {
        super("Port " + port + " on this computer is already in use" + (holder == null ? " by another program" : " by " + holder)
                        + ", so the app cannot be published there.",
                "Close the program that uses port " + port + " (perhaps another copy of the workflow manager), "
                        + "or start the launcher with another --app-port.");
        this.port = port;
    }

    public int port() {
        return port;
    }
}
