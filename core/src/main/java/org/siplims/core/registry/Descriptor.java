package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.Platform;

/** A pointer to content by digest: a manifest in an index (with its platform), a config or a layer. */
public record Descriptor(String mediaType, Digest digest, long size, Optional<Platform> platform) {

    /** Reads a descriptor object; throws IllegalArgumentException saying what is missing. */
    static Descriptor fromJson(JsonNode node) {
        String digest = node.path("digest").asText("");
        if (!Digest.isValid(digest)) {
            throw new IllegalArgumentException("a descriptor has no valid sha256 digest");
        }
        Optional<Platform> platform = Optional.empty();
        JsonNode p = node.path("platform");
        if (p.isObject()) {
            String os = p.path("os").asText("");
            String arch = p.path("architecture").asText("");
            if (!os.isEmpty() && !arch.isEmpty()) {
                platform = Optional.of(new Platform(os, arch, Optional.ofNullable(p.path("variant").textValue())));
            }
        }
        return new Descriptor(node.path("mediaType").asText(""), Digest.parse(digest), node.path("size").asLong(-1), platform);
    }
}
