package org.siplims.publisher.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;

/**
 * An image in the engine's store, by its ID: the digest of its config, which is what the registry
 * serves as the manifest's config digest after a push. Tags move; the ID does not.
 */
public record LocalImage(Digest id, Platform platform, Map<String, String> labels) {
    public LocalImage {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public ReleaseMetadata metadata() {
        return ReleaseMetadata.fromLabels(labels);
    }

    /** The image known to the engine by this name, tag, digest reference or ID; empty if none. */
    public static Optional<LocalImage> find(DockerClient docker, String nameOrId) {
        try {
            InspectImageResponse r = docker.inspectImageCmd(nameOrId).exec();
            Map<String, String> labels = r.getConfig() == null ? Map.of() : r.getConfig().getLabels();
            return Optional.of(new LocalImage(Digest.parse(r.getId()), new Platform(r.getOs(), r.getArch()), labels));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }
}
