package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.process.ProcessRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Docker credential helper ({@code docker-credential-<name> get}, the server URL on stdin,
 * {@code {"Username","Secret"}} on stdout), as Docker Desktop's keychain integration works.
 */
final class CredentialHelper {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialHelper.class);
    /** A keychain may ask the user to unlock it: give it time, but not forever. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** An answer is a few hundred bytes; anything near this is not an answer. */
    private static final int OUTPUT_CAP = 64 * 1024;
    /**
     * All a helper is given of our environment. Never the rest: it holds REGISTRY_PASSWORD,
     * GITHUB_TOKEN and the publisher's PUBLISHER_KEY_PASSWORD, which a helper has no business
     * seeing. What the helpers in use need:
     * <ul>
     * <li>all: PATH (helpers start other programs: {@code desktop} starts {@code osxkeychain} or
     *     {@code wincred}, {@code pass} starts {@code gpg}), HOME, USER, LOGNAME, TMPDIR, LANG;</li>
     * <li>{@code desktop} (Docker Desktop, macOS and Windows) and {@code osxkeychain}: HOME to find
     *     Docker Desktop's socket and the login keychain, TMPDIR;</li>
     * <li>{@code wincred} and {@code desktop} on Windows: USERPROFILE, APPDATA, LOCALAPPDATA,
     *     SYSTEMROOT, SYSTEMDRIVE, WINDIR, TEMP, TMP, USERNAME, PATHEXT, COMSPEC;</li>
     * <li>{@code secretservice} (Linux desktops): DBUS_SESSION_BUS_ADDRESS, XDG_RUNTIME_DIR, DISPLAY;</li>
     * <li>{@code pass}: PASSWORD_STORE_DIR, GNUPGHOME, GPG_TTY, GPG_AGENT_INFO;</li>
     * <li>DOCKER_CONFIG, for helpers that read Docker's configuration.</li>
     * </ul>
     */
    static final List<String> HELPER_ENVIRONMENT = List.of(
            "PATH", "HOME", "USER", "LOGNAME", "TMPDIR", "LANG",
            "USERPROFILE", "APPDATA", "LOCALAPPDATA", "SYSTEMROOT", "SYSTEMDRIVE", "WINDIR", "TEMP", "TMP",
            "USERNAME", "PATHEXT", "COMSPEC",
            "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "DISPLAY",
            "PASSWORD_STORE_DIR", "GNUPGHOME", "GPG_TTY", "GPG_AGENT_INFO",
            "DOCKER_CONFIG");
    /** What helpers answer for a stored identity token instead of a user name. */
    private static final String TOKEN_USERNAME = "<token>";

    private final String name;
    private final List<Path> searchPath;
    private final ProcessRunner runner;

    /** @param environment the environment the helper's few variables are taken from (the resolver's) */
    CredentialHelper(String name, List<Path> searchPath, Map<String, String> environment) {
        this.name = name;
        this.searchPath = searchPath;
        this.runner = new ProcessRunner(environment);
    }

    /**
     * The helper's credentials for this server URL; empty when it has none, cannot be found or fails
     * (logged without any secret). The executable is looked up here, in the given search path, because
     * starting it by name would search the JVM's own PATH instead.
     */
    Optional<Credentials> get(String serverUrl) {
        Optional<Path> executable = find();
        if (executable.isEmpty()) {
            LOG.warn("Docker credential helper docker-credential-{} is configured but not found on the PATH", name);
            return Optional.empty();
        }
        ProcessCommand command = ProcessCommand.of(executable.get().toString(), "get")
                .inherit(HELPER_ENVIRONMENT)
                .stdin(serverUrl.getBytes(StandardCharsets.UTF_8))
                .timeout(TIMEOUT)
                .outputCap(OUTPUT_CAP);
        try {
            ProcessResult result = runner.run(command);
            if (!result.started()) {
                LOG.warn("docker-credential-{} could not be run", name);
                return Optional.empty();
            }
            if (result.timedOut()) {
                LOG.warn("docker-credential-{} did not answer within {} s", name, TIMEOUT.toSeconds());
                return Optional.empty();
            }
            if (result.exitCode() != 0) {
                // Helpers exit 1 with "credentials not found" for unknown servers: that is not an error.
                LOG.debug("docker-credential-{} has no credentials for {}", name, serverUrl);
                return Optional.empty();
            }
            JsonNode answer = new ObjectMapper().readTree(result.stdout());
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
            LOG.warn("docker-credential-{} answered malformed JSON: {}", name, e.getClass().getSimpleName());
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
