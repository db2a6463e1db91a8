package org.siplims.publisher.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.siplims.core.docker.ImageId;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;

/**
 * Reads and writes {@link TestRecord}s and {@link BuildRecord}s as small JSON files in the
 * {@link StateDirectory}. A record that cannot be read counts as absent: the worst outcome is a
 * test run again.
 */
public final class RecordStore {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final StateDirectory dir;

    public RecordStore(StateDirectory dir) {
        this.dir = dir;
    }

    public void save(TestRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("imageId", record.imageId().toString());
        node.put("version", record.version());
        node.put("commit", record.commit());
        node.put("platform", record.platform().toString());
        node.put("testedAt", record.testedAt().toString());
        record.tests().forEach(node.putArray("tests")::add);
        write(dir.testRecord(record.imageId()), node);
    }

    /** The passing record of this image, if it has one. */
    public Optional<TestRecord> testRecord(ImageId imageId) {
        return read(dir.testRecord(imageId)).flatMap(n -> parsed(() -> {
            List<String> tests = new ArrayList<>();
            n.path("tests").forEach(t -> tests.add(t.asText()));
            return new TestRecord(ImageId.parse(n.path("imageId").asText()), n.path("version").asText(), n.path("commit").asText(),
                    Platform.parse(n.path("platform").asText()), Instant.parse(n.path("testedAt").asText()), tests);
        })).filter(r -> r.imageId().equals(imageId));
    }

    public void save(Path context, BuildRecord record) {
        ObjectNode node = JSON.createObjectNode();
        node.put("imageId", record.imageId().toString());
        node.put("repository", record.repository().toString());
        node.put("version", record.version());
        node.put("commit", record.commit());
        node.put("platform", record.platform().toString());
        node.put("builtAt", record.builtAt().toString());
        node.put("context", context.toAbsolutePath().normalize().toString());
        write(dir.lastBuild(context), node);
    }

    /** The last image built from this context, if any. */
    public Optional<BuildRecord> lastBuild(Path context) {
        return read(dir.lastBuild(context)).flatMap(n -> parsed(() -> new BuildRecord(ImageId.parse(n.path("imageId").asText()),
                ImageReference.parse(n.path("repository").asText()), n.path("version").asText(), n.path("commit").asText(),
                Platform.parse(n.path("platform").asText()), Instant.parse(n.path("builtAt").asText()))));
    }

    private static <T> Optional<T> parsed(java.util.function.Supplier<T> parse) {
        try {
            return Optional.of(parse.get());
        } catch (RuntimeException e) {
            return Optional.empty(); // written by another version, or damaged: as if absent
        }
    }

    private static void write(Path file, JsonNode node) {
        try {
            StateDirectory.writeAtomically(file, JSON.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException("A record always serialises", e);
        }
    }

    private static Optional<JsonNode> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
