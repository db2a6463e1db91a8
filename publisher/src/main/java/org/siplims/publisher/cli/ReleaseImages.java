package org.siplims.publisher.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestList;
import org.siplims.core.registry.RegistryClient;
import org.siplims.publisher.registry.Release;

/**
 * The images a release consists of, by platform: its own manifest for a single-platform release,
 * each platform's image for a two-platform one (its index carries no SBOM or provenance; they are
 * on the platform images, where the launcher reads them too).
 */
final class ReleaseImages {
    private ReleaseImages() {
    }

    /** Platform (e.g. {@code linux/amd64}) to the digest of that platform's image, in the index's order. */
    static Map<String, Digest> of(RegistryClient registry, ImageReference repository, Release release) {
        Manifest manifest = registry.manifest(repository.withDigest(release.digest()));
        Map<String, Digest> images = new LinkedHashMap<>();
        if (!manifest.isIndex()) {
            images.put(release.platform().toString(), release.digest());
            return images;
        }
        ManifestList list = manifest.asManifestList();
        for (Platform platform : list.platforms()) {
            images.put(platform.toString(), list.select(platform).orElseThrow().digest());
        }
        return images;
    }
}
