package org.siplims.core;

/**
 * An error meant for a person: {@link #getMessage()} says what went wrong in plain words and
 * {@link #hint()} what to do next. Both programs print these instead of stack traces.
 * Messages never contain secrets.
 */
public class UserFacingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String hint;

    public UserFacingException(String message, String hint) {
        this(message, hint, null);
    }

    public UserFacingException(String message, String hint, Throwable cause) {
        super(message, cause);
        this.hint = hint == null ? "" : hint;
    }

    /** What the person can do about it; may be empty. */
    public String hint() {
        return hint;
    }

    /** Message and hint in one line-separated text, ready to print. */
    public String describe() {
        return hint.isEmpty() ? getMessage() : getMessage() + System.lineSeparator() + hint;
    }
}
