package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Docker credential helper ({@code docker-credential-<name> get}, the server URL on stdin,
 * {@code {"Username","Secret"}} on stdout), as Docker Desktop's keychain integration works.
 */
final class CredentialHelper {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialHelper.class);
    /** A keychain may ask the user to unlock it: give it time, but not forever. */
    private static final long TIMEOUT_SECONDS = 60;
    /** What helpers answer for a stored identity token instead of a user name. */
    private static final String TOKEN_USERNAME = "<token>";

    private final String name;
    private final List<Path> searchPath;

    CredentialHelper(String name, List<Path> searchPath) {
        this.name = name;
        this.searchPath = searchPath;
    }

    /**
     * The helper's credentials for this server URL; empty when it has none, cannot be found or fails
     * (logged without any secret). The executable is looked up here, in the given search path, because
     * ProcessBuilder would search the JVM's own PATH instead.
     */
    Optional<Credentials> get(String serverUrl) {
        Optional<Path> executable = find();
        if (executable.isEmpty()) {
            LOG.warn("Docker credential helper docker-credential-{} is configured but not found on the PATH", name);
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(executable.get().toString(), "get")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // Read stdout aside, so a helper that hangs cannot block us beyond the timeout.
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            try (OutputStream in = process.getOutputStream()) {
                in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("docker-credential-{} did not answer within {} s", name, TIMEOUT_SECONDS);
                return Optional.empty();
            }
            byte[] out = output.join();
            if (process.exitValue() != 0) {
                // Helpers exit 1 with "credentials not found" for unknown servers: that is not an error.
                LOG.debug("docker-credential-{} has no credentials for {}", name, serverUrl);
                return Optional.empty();
            }
            JsonNode answer = new ObjectMapper().readTree(out);
            String username = answer == null ? "" : answer.path("Username").asText("");
            String secret = answer == null ? "" : answer.path("Secret").asText("");
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            String source = "the credential helper docker-credential-" + name;
            return Optional.of(username.equals(TOKEN_USERNAME)
                    ? new Credentials(username, secret, true, source)
                    : Credentials.of(username, secret, source));
        } catch (IOException e) {
            // Never include the helper's output: it holds the secret.
            LOG.warn("docker-credential-{} could not be run or answered malformed JSON: {}", name, e.getClass().getSimpleName());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<Path> find() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        List<String> names = windows
                ? List.of("docker-credential-" + name + ".exe", "docker-credential-" + name + ".cmd")
                : List.of("docker-credential-" + name);
        for (Path dir : searchPath) {
            for (String candidate : names) {
                Path file = dir.resolve(candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }
}
