package org.siplims.launcher.lifecycle;

import org.siplims.core.UserFacingException;

/**
 * A folder change refused because of one of its fields; {@link #field()} names it as the request
 * does ({@code path}, {@code scripts} or {@code workflow}), so the status page can show the message
 * beside that field. The API answers 400 with {@code "field"} besides {@code "error"} and {@code "hint"}.
 */
public class FolderChangeRefusedException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public FolderChangeRefusedException(String field, UserFacingException cause) {
        super(cause.getMessage(), cause.hint(), cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
