package org.siplims.core.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseMetadata;

/**
 * An image in the engine's store, by its ID, which no tag can move.
 *
 * @param references the names it was found under, as the engine prints them ({@code repo:tag},
 *                   {@code repo@sha256:…}); a lookup for one repository keeps only that repository's
 */
public record LocalImage(ImageId id, Platform platform, Map<String, String> labels, Optional<Instant> created,
                         List<String> references) {
    public LocalImage {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        references = List.copyOf(references);
    }

    /** The release it carries in its labels (version, commit, build date). */
    public ReleaseMetadata release() {
        return ReleaseMetadata.fromLabels(labels);
    }

    /**
     * The registry digest it was pulled or pushed by, from the first {@code repo@digest} among its
     * references; empty for an image built locally and never pushed or pulled.
     */
    public Optional<Digest> repoDigest() {
        return references.stream()
                .filter(ref -> ref.contains("@"))
                .map(ref -> ref.substring(ref.indexOf('@') + 1))
                .filter(Digest::isValid)
                .map(Digest::parse)
                .findFirst();
    }

    /**
     * The image the engine knows by this name, tag, digest reference or ID, with all its names; empty if none.
     *
     * @throws RuntimeException docker-java's, when the engine fails (callers translate it)
     */
    public static Optional<LocalImage> find(DockerClient docker, String nameOrId) {
        try {
            InspectImageResponse r = docker.inspectImageCmd(nameOrId).exec();
            List<String> names = new ArrayList<>();
            if (r.getRepoTags() != null) {
                names.addAll(r.getRepoTags());
            }
            if (r.getRepoDigests() != null) {
                names.addAll(r.getRepoDigests());
            }
            return Optional.of(of(r, names));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The image an inspection describes, under the given names. */
    public static LocalImage of(InspectImageResponse r, List<String> references) {
        Map<String, String> labels = r.getConfig() != null && r.getConfig().getLabels() != null ? r.getConfig().getLabels() : Map.of();
        Platform platform = new Platform(r.getOs() == null ? "linux" : r.getOs(), r.getArch() == null ? "unknown" : r.getArch());
        return new LocalImage(ImageId.parse(r.getId()), platform, labels, parseInstant(r.getCreated()), references);
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            return text == null || text.isEmpty() ? Optional.empty() : Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
