package org.siplims.launcher.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.files.AtomicFiles;

/**
 * Reads and writes {@link RememberedSettings} as {@code remembered.json} in the config directory.
 * Writes go to a temporary file that is then moved over the old one, so a crash or a full disk
 * never leaves half a file. A file that cannot be read is set aside (renamed, never deleted) with
 * a warning, and the launcher goes on as if nothing was remembered.
 */
public final class RememberedSettingsStore {
    static final String FILE_NAME = "remembered.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Consumer<String> warnings;
    private final Clock clock;

    public RememberedSettingsStore(Path configDirectory, Consumer<String> warnings, Clock clock) {
        this.file = configDirectory.resolve(FILE_NAME);
        this.warnings = warnings;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    public RememberedSettings load() {
        if (!Files.exists(file)) {
            return RememberedSettings.NONE;
        }
        try {
            JsonNode root = JSON.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject()) {
                throw new IOException("it does not hold a JSON object");
            }
            return new RememberedSettings(text(root, "project"), text(root, "scripts"), text(root, "workflow"),
                    text(root, "skippedRelease"));
        } catch (IOException e) {
            setAside(e);
            return RememberedSettings.NONE;
        }
    }

    private static Optional<String> text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    private void setAside(IOException why) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(clock.instant());
        Path aside = file.resolveSibling(FILE_NAME + ".corrupt-" + stamp);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            warnings.accept("The remembered settings in " + file + " could not be read (" + why.getMessage()
                    + "); they were set aside as " + aside.getFileName() + " and the launcher starts without them.");
        } catch (IOException e) {
            warnings.accept("The remembered settings in " + file + " could not be read (" + why.getMessage()
                    + ") and could not be set aside (" + e.getMessage() + "); the launcher starts without them.");
        }
    }

    /** Writes the settings atomically; a failure is reported as a warning, never an error: remembering is a convenience. */
    public void save(RememberedSettings settings) {
        ObjectNode root = JSON.createObjectNode();
        settings.project().ifPresent(p -> root.put("project", p));
        settings.scripts().ifPresent(s -> root.put("scripts", s));
        settings.workflow().ifPresent(w -> root.put("workflow", w));
        settings.skippedRelease().ifPresent(d -> root.put("skippedRelease", d));
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            warnings.accept("The launcher could not remember the project folder in " + file + " (" + e.getMessage() + ").");
        }
    }
}
