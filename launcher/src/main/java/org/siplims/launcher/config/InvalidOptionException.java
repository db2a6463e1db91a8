package org.siplims.launcher.config;

import java.util.Objects;
import org.siplims.core.UserFacingException;

/** A launcher option (from the command line or launcher.conf) has a value the launcher cannot use; {@link #option()} names it. */
public class InvalidOptionException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    private final String option;

    public InvalidOptionException(String option, String message, String hint) {
        super(message, hint);
        this.option = Objects.requireNonNull(option);
    }

    /** The option's key, as in launcher.conf and without the dashes of the command line, e.g. {@code update-check-hours}. */
    public String option() {
        return option;
    }
}
