package org.siplims.launcher.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.siplims.core.UserFacingException;

/**
 * The user's config file: one {@code option = value} per line, named like the command-line options
 * without the dashes, {@code #} starts a comment. Values are taken literally, without escapes, so a
 * Windows path such as {@code project = C:\Users\me\Lab} means what it says (Java properties files
 * would eat the backslashes). An unknown option is an error, so a typo is not silently ignored.
 */
public final class ConfigFile {
    /** The options the file may set; the same names as on the command line. */
    public static final Set<String> KEYS = Set.of("image", "channel", "project", "scripts", "workflow", "app-port",
            "status-port", "name", "offline", "no-browser", "update-check-hours", "health-timeout-seconds",
            "stop-grace-seconds", "docker-host", "trusted-keys", "memory-limit", "install-updates-at-start", "mirror");

    private final Path source;
    private final Map<String, String> values;

    private ConfigFile(Path source, Map<String, String> values) {
        this.source = source;
        this.values = Map.copyOf(values);
    }

    public static ConfigFile empty() {
        return new ConfigFile(null, Map.of());
    }

    /** Reads a file; {@code required} says whether a missing file is an error (given with --config) or nothing (the default file). */
    public static ConfigFile read(Path file, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new UserFacingException("The config file " + file + " does not exist.", "Check the path given with --config.");
            }
            return new ConfigFile(file, Map.of());
        }
        try {
            return parse(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserFacingException("The config file " + file + " cannot be read (" + e.getMessage() + ").",
                    "Check that it is a text file you may read.", e);
        }
    }

    static ConfigFile parse(Path source, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String raw : text.split("\\R", -1)) {
            lineNumber++;
            String line = raw.strip();
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip(); // Notepad's byte-order mark
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new UserFacingException("Line " + lineNumber + " of the config file " + source + " is not 'option = value': " + line,
                        "Fix or remove that line.");
            }
            String key = line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT);
            if (key.startsWith("--")) {
                key = key.substring(2);
            }
            if (!KEYS.contains(key)) {
                throw new UserFacingException("Line " + lineNumber + " of the config file " + source + " sets an unknown option '" + key + "'.",
                        "Known options: " + String.join(", ", new TreeSet<>(KEYS)) + ".");
            }
            values.put(key, line.substring(eq + 1).strip());
        }
        return new ConfigFile(source, values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isEmpty());
    }

    /** Where the values came from, for messages. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }
}
