package org.siplims.core.docker;

import com.github.dockerjava.api.model.ResponseItem;

/** What an engine said went wrong in one item of a pull, push or build stream. */
public final class StreamErrors {
    private StreamErrors() {
    }

    /**
     * The message of an item whose error is indicated: {@code errorDetail}'s, or the plain
     * {@code error} field (deprecated in docker-java) for an engine that sends only that one.
     */
    public static String message(ResponseItem item) {
        if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
            return item.getErrorDetail().getMessage();
        }
        @SuppressWarnings("deprecation") String plainError = item.getError();
        return plainError;
    }
}
