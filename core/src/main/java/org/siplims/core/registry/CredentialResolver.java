package org.siplims.core.registry;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds credentials for a registry, in this order: explicit ones given for that registry; the
 * environment ({@code REGISTRY_USERNAME}/{@code REGISTRY_PASSWORD}; for ghcr.io also
 * {@code GITHUB_TOKEN}, as GitHub Actions provides it); the Docker CLI's {@code config.json}
 * ({@code credHelpers} for the registry, else {@code credsStore}, else {@code auths}).
 * Environment, home folder and helper search path are injectable so tests never see the real ones.
 */
public final class CredentialResolver {
    private final Map<String, Credentials> explicit;
    private final Map<String, String> env;
    private final Path home;
    private final List<Path> helperPath;

    public CredentialResolver(Map<String, String> env, Path home, List<Path> helperPath) {
        this(Map.of(), env, home, helperPath);
    }

    private CredentialResolver(Map<String, Credentials> explicit, Map<String, String> env, Path home, List<Path> helperPath) {
        this.explicit = Map.copyOf(explicit);
        this.env = Map.copyOf(env);
        this.home = home;
        this.helperPath = List.copyOf(helperPath);
    }

    /** The real environment, home folder and PATH of this process. */
    public static CredentialResolver fromEnvironment() {
        Map<String, String> env = System.getenv();
        return new CredentialResolver(env, Path.of(System.getProperty("user.home")), splitPath(env.getOrDefault("PATH", "")));
    }

    /** Splits a PATH value into folders, the way the shell reads it. */
    public static List<Path> splitPath(String path) {
        List<Path> dirs = new ArrayList<>();
        for (String part : path.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                dirs.add(Path.of(part));
            }
        }
        return dirs;
    }

    /** The same resolver, with credentials given explicitly (e.g. on the command line) for one registry. */
    public CredentialResolver withExplicit(String registry, String username, String password) {
        Map<String, Credentials> copy = new HashMap<>(explicit);
        copy.put(registry, Credentials.of(username, password, "the command line"));
        return new CredentialResolver(copy, env, home, helperPath);
    }

    /** Credentials for this registry host ({@code ghcr.io}, {@code 127.0.0.1:5556}, {@code docker.io}); empty means anonymous. */
    public Optional<Credentials> resolve(String registry) {
        Credentials given = explicit.get(registry);
        if (given != null) {
            return Optional.of(given);
        }
        Optional<Credentials> fromEnv = fromEnv(registry);
        if (fromEnv.isPresent()) {
            return fromEnv;
        }
        DockerConfig config = DockerConfig.read(dockerConfigDir().resolve("config.json"));
        Optional<String> helper = config.helperFor(registry);
        if (helper.isPresent()) {
            Optional<Credentials> fromHelper = new CredentialHelper(helper.get(), helperPath, env).get(DockerConfig.serverUrl(registry));
            if (fromHelper.isPresent()) {
                return fromHelper;
            }
        }
        return config.storedCredentials(registry);
    }

    private Optional<Credentials> fromEnv(String registry) {
        String username = nonBlank("REGISTRY_USERNAME");
        String password = nonBlank("REGISTRY_PASSWORD");
        if (username != null && password != null) {
            return Optional.of(Credentials.of(username, password, "the environment (REGISTRY_USERNAME/REGISTRY_PASSWORD)"));
        }
        String githubToken = nonBlank("GITHUB_TOKEN");
        if (registry.equals("ghcr.io") && githubToken != null) {
            // GHCR accepts any user name with a token; GitHub Actions names the user in GITHUB_ACTOR.
            String user = username != null ? username : nonBlank("GITHUB_ACTOR") != null ? nonBlank("GITHUB_ACTOR") : "token";
            return Optional.of(Credentials.of(user, githubToken, "the environment (GITHUB_TOKEN)"));
        }
        return Optional.empty();
    }

    /** {@code DOCKER_CONFIG} when set, as the Docker CLI reads it; else {@code ~/.docker}. */
    Path dockerConfigDir() {
        String dir = nonBlank("DOCKER_CONFIG");
        return dir != null ? Path.of(dir) : home.resolve(".docker");
    }

    private String nonBlank(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
