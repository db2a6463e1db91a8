package org.siplims.core.registry;

/**
 * The registry wants credentials that were not given, rejected the ones given, or does not allow
 * what was asked with them.
 */
public class RegistryUnauthorizedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private RegistryUnauthorizedException(String registry, String message, String hint) {
        super(registry, message, hint, null);
    }

    /**
     * No credentials were found, and the registry does not allow this anonymously.
     *
     * @param what what was attempted, as a verb phrase: "read ghcr.io/a/b:1", "push ghcr.io/a/b:2"
     */
    public static RegistryUnauthorizedException loginRequired(String registry, String what) {
        String message = "The registry " + registry + " requires you to log in to " + what + ".";
        if (registry.equals("ghcr.io")) {
            message += " (ghcr.io answers this way too when the package does not exist or is private.)";
        }
        return new RegistryUnauthorizedException(registry, message, loginHint(registry));
    }

    /** The registry (or its token service) said the user name or password is wrong. */
    public static RegistryUnauthorizedException credentialsRejected(String registry, Credentials credentials) {
        return new RegistryUnauthorizedException(registry,
                "The registry " + registry + " rejected the credentials " + credentials.describe() + ".",
                "Check the user name and the password or token. " + loginHint(registry));
    }

    /** Valid credentials that are not allowed to do this ({@code what} as in {@link #loginRequired}). */
    public static RegistryUnauthorizedException denied(String registry, String what, Credentials credentials) {
        return new RegistryUnauthorizedException(registry,
                "The user " + credentials.describe() + " is not allowed to " + what + " on " + registry + ".",
                "Ask the registry's owner for access, or log in as a user who has it. " + loginHint(registry));
    }

    private static String loginHint(String registry) {
        String hint = "Run `docker login " + registry + "` (or set REGISTRY_USERNAME and REGISTRY_PASSWORD) and try again.";
        if (registry.equals("ghcr.io")) {
            hint += " For ghcr.io use your GitHub user name and a personal access token with the read:packages scope"
                    + " (write:packages to publish).";
        }
        return hint;
    }
}
