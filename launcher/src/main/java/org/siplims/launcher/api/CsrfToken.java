package org.siplims.launcher.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random token made for each run of the launcher. The page carries it in a meta tag and sends it
 * back as {@code X-CSRF-Token} with every POST; another web site the user visits cannot read the
 * page, so it cannot send the token. {@code GET /api/status} never includes it.
 */
public final class CsrfToken {
    public static final String HEADER = "X-CSRF-Token";
    private final String value;

    private CsrfToken(String value) {
        this.value = value;
    }

    public static CsrfToken random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new CsrfToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Compares in constant time, so the token cannot be guessed from response times. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** The token itself: only for the page. */
    String value() {
        return value;
    }

    @Override
    public String toString() {
        return "CsrfToken[hidden]";
    }
}
