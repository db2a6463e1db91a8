package org.siplims.core.registry;

import java.util.List;
import java.util.Optional;
import org.siplims.core.image.Platform;

/** An OCI index or Docker manifest list: one image manifest per platform. */
public record ManifestList(String mediaType, List<Descriptor> manifests) {
    public ManifestList {
        manifests = List.copyOf(manifests);
    }

    /**
     * The entry for this platform: an exact match first (os, architecture and variant), else one
     * that {@link Platform#matches} (a missing variant on either side matches any).
     */
    public Optional<Descriptor> select(Platform wanted) {
        Optional<Descriptor> exact = manifests.stream().filter(d -> d.platform().equals(Optional.of(wanted))).findFirst();
        return exact.isPresent() ? exact
                : manifests.stream().filter(d -> d.platform().map(wanted::matches).orElse(false)).findFirst();
    }

    /**
     * The platforms this index has images for, without the {@code unknown/unknown} entries that
     * BuildKit adds for attestations (they are not runnable images).
     */
    public List<Platform> platforms() {
        return manifests.stream()
                .flatMap(d -> d.platform().stream())
                .filter(p -> !p.os().equals("unknown"))
                .distinct()
                .toList();
    }
}
