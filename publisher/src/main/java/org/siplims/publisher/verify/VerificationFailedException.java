package org.siplims.publisher.verify;

import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/** A tag on the registry does not point at the tested image. */
public class VerificationFailedException extends PublisherFailure {
    private static final long serialVersionUID = 1L;
    private final String tag;

    public VerificationFailedException(String tag, String message, String hint) {
        super(ExitCode.PUSH, message, hint);
        this.tag = tag;
    }

    /** The wrong tag. */
    public String tag() {
        return tag;
    }
}
