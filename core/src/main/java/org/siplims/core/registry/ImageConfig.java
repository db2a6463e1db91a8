package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.Platform;

/** What an image's config blob says that the programs use: its platform, labels and creation time. */
public record ImageConfig(Platform platform, Map<String, String> labels, Optional<Instant> created) {
    public ImageConfig {
        labels = Map.copyOf(labels);
    }

    /** Parses a config blob; throws IllegalArgumentException when it is not one. */
    public static ImageConfig parse(byte[] blob) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(blob);
        } catch (IOException e) {
            throw new IllegalArgumentException("it is not valid JSON");
        }
        if (root == null || !root.isObject() || root.path("os").asText("").isEmpty()
                || root.path("architecture").asText("").isEmpty()) {
            throw new IllegalArgumentException("it names no os and architecture");
        }
        Platform platform = new Platform(root.path("os").asText(), root.path("architecture").asText(),
                Optional.ofNullable(root.path("variant").textValue()));
        Map<String, String> labels = new LinkedHashMap<>();
        root.path("config").path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(platform, labels, instant(root.path("created").asText("")));
    }

    private static Optional<Instant> instant(String text) {
        try {
            // Offsets other than Z occur (Instant.parse on Java 17 rejects them).
            return text.isEmpty() ? Optional.empty() : Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
