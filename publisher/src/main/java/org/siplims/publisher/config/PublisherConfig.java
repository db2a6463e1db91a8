package org.siplims.publisher.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/**
 * Defaults from {@code publisher.json} in the context directory; every field is optional and a
 * command-line option wins over it. Unknown keys are refused, so a typo does not silently fall
 * back to a default. Example:
 * <pre>
 * { "image": "ghcr.io/rrmalmstrom/sip_lims_workflow_manager", "channel": "latest",
 *   "platform": "linux/arm64", "healthTimeoutSeconds": 120,
 *   "platforms": ["linux/arm64", "linux/amd64"],
 *   "testCommands": [ { "name": "app tests", "run": ["pytest", "-q"], "timeoutSeconds": 900 } ],
 *   "signingKey": "~/.config/sip-lims-publisher/signing.key", "requireSigning": true,
 *   "trustedKeys": ["trusted-keys.pem"] }
 * </pre>
 * Relative paths are relative to the context directory; {@code ~/} is the user's home folder.
 */
public record PublisherConfig(
        String image,
        String dockerfile,
        String channel,
        String platform,
        List<String> platforms,
        String healthPath,
        Integer port,
        Integer healthTimeoutSeconds,
        List<String> versionCommand,
        List<TestCommand> testCommands,
        String condaLock,
        String requirementsLock,
        LockCommands lock,
        String signingKey,
        Boolean requireSigning,
        List<String> trustedKeys) {

    public static final String FILE_NAME = "publisher.json";

    public static PublisherConfig empty() {
        return new PublisherConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The config in {@code context/publisher.json}, or an empty one when there is none. */
    public static PublisherConfig load(Path context) {
        Path file = context.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            PublisherConfig config = json.readValue(file.toFile(), PublisherConfig.class);
            return config == null ? empty() : config;
        } catch (UnrecognizedPropertyException e) {
            throw new PublisherFailure(ExitCode.USAGE, file + " has an unknown setting '" + key(e) + "'.",
                    "Known settings" + (e.getPath().size() > 1 ? " there" : "") + ": " + e.getKnownPropertyIds() + ".");
        } catch (MismatchedInputException e) {
            String key = key(e);
            String expected = "must be " + expected(e.getTargetType()) + (e instanceof InvalidFormatException f ? ", not " + json(f.getValue()) : "");
            throw new PublisherFailure(ExitCode.USAGE, (key.isEmpty() ? file + " " : where(file, key) + ": it ") + expected + ".",
                    "Fix it in " + file + " (or delete the file to use the built-in defaults).");
        } catch (JsonMappingException e) {
            String key = key(e);
            throw new PublisherFailure(ExitCode.USAGE, (key.isEmpty() ? file.toString() : where(file, key)) + " is not valid: "
                    + firstLine(e.getOriginalMessage()), "Fix it in " + file + " (or delete the file to use the built-in defaults).");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new PublisherFailure(ExitCode.USAGE, file + " is not valid JSON"
                    + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")") + ": "
                    + firstLine(e.getOriginalMessage()), "Fix the JSON (or delete the file to use the built-in defaults).");
        } catch (IOException e) {
            throw new PublisherFailure(ExitCode.USAGE, file + " cannot be read: " + firstLine(e.getMessage()),
                    "Check the file's permissions, or delete it to use the built-in defaults.");
        }
    }

    /** How messages name a setting of the file: {@code "port" in /repo/publisher.json}. */
    public static String where(Path file, String key) {
        return "\"" + key + "\" in " + file;
    }

    /** The setting a mapping error is about, as {@code testCommands[0].run}; empty for the whole file. */
    private static String key(JsonMappingException e) {
        StringBuilder key = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                key.append(key.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                key.append('[').append(r.getIndex()).append(']');
            }
        }
        return key.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list, [ ... ]";
        }
        return "an object, { ... }";
    }

    private static String json(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
