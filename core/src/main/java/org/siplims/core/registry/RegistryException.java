package org.siplims.core.registry;

import org.siplims.core.UserFacingException;

/**
 * Something went wrong talking to a registry. Subclasses say what, in words a person can act on.
 * Messages never contain passwords, tokens or Authorization headers: they are built only from
 * host names, repository names, tags, digests, HTTP statuses and the registry's error codes.
 */
public class RegistryException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    private final String registry;

    public RegistryException(String registry, String message, String hint, Throwable cause) {
        super(message, hint, cause);
        this.registry = registry;
    }

    /** The registry host (and port) concerned, as in image references, e.g. {@code ghcr.io}. */
    public String registry() {
        return registry;
    }
}
