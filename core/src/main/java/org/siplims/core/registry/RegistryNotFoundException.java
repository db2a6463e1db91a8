package org.siplims.core.registry;

/** The repository, tag, digest or blob asked for does not exist on the registry. */
public class RegistryNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;
    public RegistryNotFoundException(String registry, String message) {
        super(registry, message, "Check the image name and tag for typing errors; names are case-sensitive and lower case.", null);
    }
}
