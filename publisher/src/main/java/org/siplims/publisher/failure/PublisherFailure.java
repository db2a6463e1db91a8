package org.siplims.publisher.failure;

import org.siplims.core.UserFacingException;

/**
 * A failure that ends the command with a specific exit code. Stages throw it directly, or wrap a
 * core {@link UserFacingException} (registry, engine) with the code of the stage it happened in.
 */
public class PublisherFailure extends UserFacingException {
    private static final long serialVersionUID = 1L;
    private final ExitCode exitCode;

    public PublisherFailure(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public PublisherFailure(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, hint, cause);
        this.exitCode = exitCode;
    }

    /** The same message and hint as {@code e}, ending the command with {@code exitCode}. */
    public static PublisherFailure wrap(ExitCode exitCode, UserFacingException e) {
        if (e instanceof PublisherFailure already) {
            return already;
        }
        return new PublisherFailure(exitCode, e.getMessage(), e.hint(), e);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
