package org.siplims.publisher.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.siplims.publisher.ExitCode;
import org.siplims.publisher.PublisherFailure;

/**
 * Defaults from {@code publisher.json} in the context directory; every field is optional and a
 * command-line option wins over it. Unknown keys are refused, so a typo does not silently fall
 * back to a default. Example:
 * <pre>
 * { "image": "ghcr.io/rrmalmstrom/sip_lims_workflow_manager", "channel": "latest",
 *   "platform": "linux/arm64", "healthTimeoutSeconds": 120,
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
        return new PublisherConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
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
            throw new PublisherFailure(ExitCode.USAGE, file + " has an unknown setting '" + e.getPropertyName() + "'.",
                    "Known settings: " + e.getKnownPropertyIds() + ".");
        } catch (IOException e) {
            throw new PublisherFailure(ExitCode.USAGE, file + " is not valid: " + firstLine(e.getMessage()),
                    "Fix the JSON (or delete the file to use the built-in defaults).");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
