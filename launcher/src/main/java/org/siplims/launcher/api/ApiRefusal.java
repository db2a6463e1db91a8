package org.siplims.launcher.api;

/** A request the API refuses, with the HTTP status and the message for the person (sent as JSON). */
final class ApiRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String hint;

    ApiRefusal(int status, String message, String hint) {
        super(message, null, false, false);
        this.status = status;
        this.hint = hint == null ? "" : hint;
    }

    int status() {
        return status;
    }

    String hint() {
        return hint;
    }
}
