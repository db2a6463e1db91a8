package org.siplims.launcher.paths;

import org.siplims.core.UserFacingException;

/** A folder the user gave cannot be used; the message says why, the hint what to give instead. */
public class InvalidFolderException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    public InvalidFolderException(String message, String hint) {
        super(message, hint);
    }
}
