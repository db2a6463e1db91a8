package org.siplims.core.registry;

/** No answer from the registry (or its login service): connection refused, timed out, or the host name is unknown. */
public class RegistryUnreachableException extends RegistryException {
    private static final long serialVersionUID = 1L;
    /**
     * @param where what could not be reached, e.g. "the registry ghcr.io" or "the login service of ghcr.io"
     * @param reason why, in a few words, e.g. "connection refused"
     */
    public RegistryUnreachableException(String registry, String where, String reason, Throwable cause) {
        super(registry, "Cannot reach " + where + " (" + reason + ").",
                "Check the internet connection (and VPN or proxy) and the registry name in the image reference; "
                        + "a local registry must be running.",
                cause);
    }
}
