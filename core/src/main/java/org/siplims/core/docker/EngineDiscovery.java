package org.siplims.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the container engine on a user's computer without being told, in this order: the address
 * given on the command line, {@code DOCKER_HOST}, the current Docker context, then the sockets that
 * Docker Desktop, Rancher Desktop, Colima, OrbStack and Podman are known to use (named pipes on
 * Windows). The first one that answers wins.
 *
 * <p>Pure: the operating system, home folder, environment and the check whether an engine answers
 * are given, so every platform's rules can be tested on any machine.
 */
public final class EngineDiscovery {
    /** A place an engine may listen, and which product or setting put it there (for people). */
    public record Candidate(URI host, String source) {
        @Override
        public String toString() {
            return source + " (" + host + ")";
        }
    }

    /** What was found: the engine that answered, or none, with every place that was tried. */
    public record Found(Optional<Candidate> engine, List<Candidate> tried) {
    }

    /** The operating systems the launcher knows the engines' places for. */
    public enum Os {
        LINUX, MAC, WINDOWS;

        public static Os of(String osName) {
            String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
            return os.startsWith("windows") ? WINDOWS : os.startsWith("mac") || os.startsWith("darwin") ? MAC : LINUX;
        }

        public static Os current() {
            return of(System.getProperty("os.name"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Os os;
    private final Path home;
    private final Map<String, String> env;

    public EngineDiscovery(Os os, Path home, Map<String, String> env) {
        this.os = os;
        this.home = home;
        this.env = env;
    }

    /** For this computer: its operating system, the user's home folder and the process's environment. */
    public static EngineDiscovery forThisComputer() {
        return new EngineDiscovery(Os.current(), Path.of(System.getProperty("user.home")), System.getenv());
    }

    /** The places to try, in order, without asking any of them. */
    public List<Candidate> candidates() {
        Map<URI, String> known = new LinkedHashMap<>();
        String fromEnv = env.get("DOCKER_HOST");
        if (fromEnv != null && !fromEnv.isBlank()) {
            known.put(URI.create(fromEnv.trim()), "DOCKER_HOST");
        }
        currentContext().ifPresent(c -> known.putIfAbsent(c.host(), c.source()));
        switch (os) {
            case WINDOWS -> {
                known.put(URI.create("npipe:////./pipe/docker_engine"), "Docker Desktop or Rancher Desktop");
                known.put(URI.create("npipe:////./pipe/podman-machine-default"), "Podman machine");
            }
            case MAC -> {
                socket(known, home.resolve(".docker/run/docker.sock"), "Docker Desktop");
                socket(known, Path.of("/var/run/docker.sock"), "Docker Desktop");
                socket(known, home.resolve(".rd/docker.sock"), "Rancher Desktop");
                socket(known, home.resolve(".colima/default/docker.sock"), "Colima");
                socket(known, home.resolve(".config/colima/default/docker.sock"), "Colima");
                socket(known, home.resolve(".orbstack/run/docker.sock"), "OrbStack");
                Path machines = home.resolve(".local/share/containers/podman/machine");
                socket(known, machines.resolve("podman.sock"), "Podman machine");
                for (String vm : List.of("podman-machine-default", "qemu", "applehv", "libkrun")) {
                    socket(known, machines.resolve(vm).resolve("podman.sock"), "Podman machine");
                }
                String tmp = env.get("TMPDIR");
                if (tmp != null && !tmp.isBlank()) {
                    socket(known, Path.of(tmp).resolve("podman/podman-machine-default-api.sock"), "Podman machine");
                }
            }
            case LINUX -> {
                socket(known, Path.of("/var/run/docker.sock"), "Docker Engine");
                socket(known, home.resolve(".docker/desktop/docker.sock"), "Docker Desktop");
                socket(known, home.resolve(".rd/docker.sock"), "Rancher Desktop");
                socket(known, home.resolve(".colima/default/docker.sock"), "Colima");
                socket(known, home.resolve(".config/colima/default/docker.sock"), "Colima");
                String runtime = env.get("XDG_RUNTIME_DIR");
                if (runtime != null && !runtime.isBlank()) {
                    socket(known, Path.of(runtime).resolve("podman/podman.sock"), "Podman (rootless)");
                    socket(known, Path.of(runtime).resolve("docker.sock"), "Docker (rootless)");
                }
                socket(known, Path.of("/run/podman/podman.sock"), "Podman (rootful)");
            }
        }
        List<Candidate> all = new ArrayList<>();
        known.forEach((host, source) -> all.add(new Candidate(host, source)));
        return all;
    }

    /**
     * The first candidate that answers. With none answering, the result names none and lists
     * every place tried, for the message to the user.
     *
     * @param answers whether an engine answers at that address (a cheap ping; false when nothing listens)
     */
    public Found find(Predicate<URI> answers) {
        List<Candidate> tried = candidates();
        for (Candidate c : tried) {
            if (answers.test(c.host())) {
                return new Found(Optional.of(c), tried);
            }
        }
        return new Found(Optional.empty(), tried);
    }

    /** The engine of the current Docker context ({@code docker context use NAME}), unless it is "default". */
    Optional<Candidate> currentContext() {
        Path config = Optional.ofNullable(env.get("DOCKER_CONFIG")).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(home.resolve(".docker"));
        String name = Optional.ofNullable(env.get("DOCKER_CONTEXT")).filter(s -> !s.isBlank())
                .orElseGet(() -> read(config.resolve("config.json")).map(n -> n.path("currentContext").asText("")).orElse(""));
        if (name.isBlank() || name.equals("default")) {
            return Optional.empty();
        }
        Path meta = config.resolve("contexts/meta").resolve(sha256(name)).resolve("meta.json");
        return read(meta).map(n -> n.path("Endpoints").path("docker").path("Host").asText(""))
                .filter(h -> !h.isBlank())
                .map(h -> new Candidate(URI.create(h), "Docker context '" + name + "'"));
    }

    private void socket(Map<URI, String> known, Path path, String source) {
        URI host = URI.create(os == Os.WINDOWS ? "npipe://" + path : "unix://" + path.toString().replace('\\', '/'));
        known.putIfAbsent(host, source);
    }

    private static Optional<JsonNode> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(JSON.readTree(Files.readString(file))) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable file is as good as none: the next place is tried
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a Unix socket path exists; a named pipe or TCP address is taken as present. */
    public static Predicate<URI> present() {
        return host -> !"unix".equals(host.getScheme()) || Files.exists(Path.of(host.getPath()));
    }
}
