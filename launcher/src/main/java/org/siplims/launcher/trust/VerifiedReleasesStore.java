package org.siplims.launcher.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.files.AtomicFiles;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * The digests whose signature the launcher has verified, with the key that signed each, kept as
 * {@code verified-releases.json} in the config directory: a digest verified once runs again
 * without asking the registry (after a restart, offline, or when the registry is down), as long as
 * its key is still trusted. Written atomically; an unreadable file is only a warning (the launcher
 * then verifies again), never a reason to trust more.
 */
public final class VerifiedReleasesStore {
    static final String FILE_NAME = "verified-releases.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Consumer<String> warnings;
    /** "registry/repo@sha256:…" → key id. */
    private Map<String, String> entries;

    public VerifiedReleasesStore(Path configDirectory, Consumer<String> warnings) {
        this.file = configDirectory.resolve(FILE_NAME);
        this.warnings = warnings;
    }

    /** The key that verified this digest of this repository, when it was verified before. */
    public synchronized Optional<String> keyFor(ImageReference repository, Digest digest) {
        return Optional.ofNullable(entries().get(key(repository, digest)));
    }

    /** Remembers a verified digest; a failure to write is a warning (it will be verified again next time). */
    public synchronized void remember(ImageReference repository, Digest digest, String keyId) {
        if (keyId.equals(entries().put(key(repository, digest), keyId))) {
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("verified");
        entries.forEach((image, k) -> list.addObject().put("image", image).put("key", k));
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            warnings.accept("The launcher could not note in " + file + " that " + image(repository, digest)
                    + " was verified (" + e.getMessage() + "); it will check its signature again next time.");
        }
    }

    private Map<String, String> entries() {
        if (entries == null) {
            entries = new LinkedHashMap<>();
            if (Files.exists(file)) {
                try {
                    JsonNode root = JSON.readTree(Files.readAllBytes(file));
                    for (JsonNode e : root.path("verified")) {
                        if (e.path("image").isTextual() && e.path("key").isTextual()) {
                            entries.put(e.path("image").asText(), e.path("key").asText());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    warnings.accept("The list of verified releases in " + file + " could not be read (" + e.getMessage()
                            + "); the launcher checks signatures again.");
                    entries.clear();
                }
            }
        }
        return entries;
    }

    private static String key(ImageReference repository, Digest digest) {
        return image(repository, digest);
    }

    private static String image(ImageReference repository, Digest digest) {
        return repository.repositoryOnly().withDigest(digest).toString();
    }
}
