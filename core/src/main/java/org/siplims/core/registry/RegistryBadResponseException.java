package org.siplims.core.registry;

/** The registry answered, but not as the protocol says: an unexpected status or a malformed body. */
public class RegistryBadResponseException extends RegistryException {
    private static final long serialVersionUID = 1L;
    public RegistryBadResponseException(String registry, String message) {
        this(registry, message, null);
    }

    public RegistryBadResponseException(String registry, String message, Throwable cause) {
        super(registry, message, "Try again later; if it keeps happening, the registry may be having trouble "
                + "(check its status page) or may not be a Docker registry.", cause);
    }
}
