package org.siplims.launcher.paths;

import java.util.Objects;
import org.siplims.core.UserFacingException;

/**
 * A folder the user gave cannot be used: {@link #reason()} says why as a value, the message says it
 * to a person and the hint what to give instead.
 */
public class InvalidFolderException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    private final FolderRefusal reason;

    public InvalidFolderException(FolderRefusal reason, String message, String hint) {
        super(message, hint);
        this.reason = Objects.requireNonNull(reason);
    }

    public FolderRefusal reason() {
        return reason;
    }
}
