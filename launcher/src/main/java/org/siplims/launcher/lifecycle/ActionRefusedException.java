package org.siplims.launcher.lifecycle;

import org.siplims.core.UserFacingException;

/** An action that makes no sense in the launcher's current state (the API answers 409). */
public class ActionRefusedException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    public ActionRefusedException(String message, String hint) {
        super(message, hint);
    }
}
