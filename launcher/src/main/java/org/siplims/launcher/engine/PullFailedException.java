package org.siplims.launcher.engine;

import org.siplims.core.UserFacingException;

/** Downloading an image failed, after retries. The images already on the machine are untouched. */
public class PullFailedException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    public PullFailedException(String image, String reason, Throwable cause) {
        super("Downloading the app image " + image + " failed: " + reason,
                "Check the internet connection and try again (Restart, or Update on the status page). "
                        + "The version you had before is still on this computer.", cause);
    }
}
