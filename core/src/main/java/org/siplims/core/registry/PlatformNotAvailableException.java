package org.siplims.core.registry;

import java.util.List;
import java.util.stream.Collectors;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;

/** The image exists, but not for the platform asked for. */
public class PlatformNotAvailableException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final Platform wanted;
    private final List<Platform> available;

    public PlatformNotAvailableException(ImageReference reference, Platform wanted, List<Platform> available) {
        super(reference.registry(), "The image " + reference.familiar() + " has no variant for " + wanted + "; it exists for "
                        + (available.isEmpty() ? "no platform at all"
                        : available.stream().map(Platform::toString).collect(Collectors.joining(", "))) + ".",
                "Use a machine of one of those platforms, or ask the maintainer to publish the image for " + wanted + ".",
                null);
        this.wanted = wanted;
        this.available = List.copyOf(available);
    }

    public Platform wanted() {
        return wanted;
    }

    public List<Platform> available() {
        return available;
    }
}
