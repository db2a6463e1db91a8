package org.siplims.launcher.engine;

import org.siplims.core.UserFacingException;
import org.siplims.core.image.Platform;

/** The release exists only for another processor, and this machine's Docker cannot emulate it. */
public class EmulationMissingException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    public EmulationMissingException(Platform image, Platform engine) {
        super("This release of the app is built for " + image + " only, and Docker on this computer (" + engine
                        + ") cannot run it: emulation of " + image.architecture() + " is missing (the engine said 'exec format error').",
                "Docker Desktop includes this emulation: update Docker Desktop and restart it. On Linux, install it with "
                        + "'sudo apt-get install qemu-user-static binfmt-support' (Debian/Ubuntu), then start the launcher again. "
                        + "Or ask the maintainer to publish the app for " + engine + " too.");
    }
}
