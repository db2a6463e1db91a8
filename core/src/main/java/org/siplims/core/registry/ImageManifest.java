package org.siplims.core.registry;

import java.util.List;

/** One image's manifest: its config blob and its layers, in order. */
public record ImageManifest(String mediaType, Descriptor config, List<Descriptor> layers) {
    public ImageManifest {
        layers = List.copyOf(layers);
    }
}
