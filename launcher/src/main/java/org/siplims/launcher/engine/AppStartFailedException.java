package org.siplims.launcher.engine;

import org.siplims.core.UserFacingException;

/** The app container stopped, or never answered its health check, while starting. */
public class AppStartFailedException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    public AppStartFailedException(String message, String hint) {
        super(message, hint);
    }
}
