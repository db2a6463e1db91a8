package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.UserFacingException;

/**
 * What the Docker CLI's {@code config.json} says about credentials: {@code auths} (base64
 * {@code user:password} or an {@code identitytoken}), {@code credHelpers} per registry and the
 * default {@code credsStore}. A missing file is an empty configuration.
 */
public final class DockerConfig {
    /** Docker Hub's credentials are stored under this historical key. */
    static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final Path file;
    private final JsonNode root;

    private DockerConfig(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static DockerConfig read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            JsonNode root = new ObjectMapper().readTree(bytes);
            return new DockerConfig(file, root == null || !root.isObject() ? new ObjectMapper().createObjectNode() : root);
        } catch (NoSuchFileException e) {
            return new DockerConfig(file, new ObjectMapper().createObjectNode());
        } catch (IOException e) {
            // Docker itself refuses to run with a broken config.json; say so instead of acting as if logged out.
            throw new UserFacingException("Cannot read the Docker configuration " + file + ": it is not valid JSON.",
                    "Fix or remove that file, then log in again with `docker login`.", null);
        }
    }

    /** The credential helper for this registry: its {@code credHelpers} entry, else {@code credsStore}. */
    public Optional<String> helperFor(String registry) {
        for (Map.Entry<String, JsonNode> e : root.path("credHelpers").properties()) {
            if (sameRegistry(e.getKey(), registry) && !e.getValue().asText().isBlank()) {
                return Optional.of(e.getValue().asText());
            }
        }
        String store = root.path("credsStore").asText("");
        return store.isBlank() ? Optional.empty() : Optional.of(store);
    }

    /** Credentials written into the file itself by {@code docker login} (when no helper is configured). */
    public Optional<Credentials> storedCredentials(String registry) {
        for (Map.Entry<String, JsonNode> e : root.path("auths").properties()) {
            if (sameRegistry(e.getKey(), registry)) {
                Optional<Credentials> found = parseEntry(e.getValue());
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Credentials> parseEntry(JsonNode entry) {
        String source = file.toString();
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        String auth = entry.path("auth").asText("");
        if (!auth.isBlank()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new UserFacingException("The Docker configuration " + file + " holds a login that is not valid base64.",
                        "Log in again with `docker login`, which rewrites it.", null);
            }
            int colon = decoded.indexOf(':');
            username = colon < 0 ? decoded : decoded.substring(0, colon);
            password = colon < 0 ? "" : decoded.substring(colon + 1);
        }
        String identityToken = entry.path("identitytoken").asText("");
        if (!identityToken.isBlank()) {
            return Optional.of(new Credentials(username, identityToken, true, source));
        }
        if (!username.isEmpty() && !password.isEmpty()) {
            return Optional.of(Credentials.of(username, password, source));
        }
        return Optional.empty();
    }

    /** The key a credential helper stores this registry's login under, as {@code docker login} does. */
    static String serverUrl(String registry) {
        return isDockerHub(registry) ? DOCKER_HUB_KEY : registry;
    }

    /** Keys may be written as {@code host}, {@code https://host} or {@code https://host/v1/}. */
    static boolean sameRegistry(String key, String registry) {
        String host = key.replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return host.equalsIgnoreCase(registry) || isDockerHub(host) && isDockerHub(registry);
    }

    private static boolean isDockerHub(String host) {
        return host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io");
    }
}
