package org.siplims.core.registry;

import java.util.Objects;

/**
 * A user name and a secret for one registry, and where they came from (said in error messages so
 * a person knows which login to fix). The secret is a password, a personal access token, or
 * (when {@code identityToken}) an OAuth2 refresh token that Docker stored after {@code docker login}.
 * {@link #toString()} never shows the secret.
 */
public record Credentials(String username, String secret, boolean identityToken, String source) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(secret, "secret");
        source = source == null || source.isBlank() ? "given" : source;
    }

    /** A user name and password (or token used as a password). */
    public static Credentials of(String username, String password, String source) {
        return new Credentials(username, password, false, source);
    }

    /** A few words for messages: the user and where the credentials came from, never the secret. */
    public String describe() {
        return (identityToken ? "(a stored identity token)" : "for user '" + username + "'") + " from " + source;
    }

    @Override
    public String toString() {
        return "Credentials[" + describe() + ", secret=****]";
    }
}
