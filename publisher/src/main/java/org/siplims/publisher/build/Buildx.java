package org.siplims.publisher.build;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.process.ProcessRunner;

/**
 * The {@code docker} command with its {@code buildx} plugin, run against one engine. The child's
 * environment is made here and holds only what it needs: {@code DOCKER_HOST} (the engine the
 * publisher talks to), {@code DOCKER_CONFIG} (where the plugin is, when the maintainer set it),
 * {@code PATH} and {@code HOME} (the default {@code ~/.docker}), and for a build
 * {@code SOURCE_DATE_EPOCH}. Never the registry password or the key's passphrase.
 */
public final class Buildx {
    /** The variables taken from the publisher's environment, where set. */
    static final List<String> PASSED_ON = List.of("PATH", "HOME", "DOCKER_CONFIG");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    private final Path docker;
    private final Map<String, String> environment;
    private final ProcessRunner runner;

    private Buildx(Path docker, Map<String, String> environment) {
        this.docker = docker;
        this.environment = Map.copyOf(environment);
        // Nothing is inherited: every variable the child gets is in `environment`.
        this.runner = new ProcessRunner(Map.of());
    }

    /** The docker command on the publisher's PATH, talking to {@code engine}; empty without one. */
    public static Optional<Buildx> find(Map<String, String> publisherEnv, URI engine) {
        return dockerOnPath(publisherEnv.getOrDefault("PATH", "")).map(cli -> new Buildx(cli, environment(publisherEnv, engine)));
    }

    /** Exactly the environment every docker child gets. */
    static Map<String, String> environment(Map<String, String> publisherEnv, URI engine) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : PASSED_ON) {
            String value = publisherEnv.get(name);
            if (value != null && !value.isBlank()) {
                env.put(name, value);
            }
        }
        env.put("DOCKER_HOST", engine.toString());
        return env;
    }

    static Optional<Path> dockerOnPath(String path) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir).resolve(windows ? "docker.exe" : "docker");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    Path docker() {
        return docker;
    }

    /** The environment a build gets: the usual one plus {@code SOURCE_DATE_EPOCH}. */
    Map<String, String> buildEnvironment(long sourceDateEpoch) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("SOURCE_DATE_EPOCH", Long.toString(sourceDateEpoch));
        return env;
    }

    /**
     * Whether buildx works against the engine: its version line ("github.com/docker/buildx 0.29.1 …"),
     * or why not, in a sentence.
     */
    public Probe probe() throws InterruptedException {
        ProcessResult version = run("buildx", "version");
        if (!version.succeeded()) {
            return new Probe(false, "the docker command " + docker + " has no buildx plugin (" + firstLine(version) + ")");
        }
        ProcessResult inspect = run("buildx", "inspect");
        if (!inspect.succeeded()) {
            return new Probe(false, "buildx does not work against this engine (" + firstLine(inspect) + ")");
        }
        String driver = inspect.out().lines().filter(l -> l.startsWith("Driver:")).map(l -> l.substring("Driver:".length()).strip())
                .findFirst().orElse("unknown");
        String[] words = version.out().strip().split("\\s+");
        String name = words.length >= 2 ? "buildx " + words[1] : "buildx";
        return new Probe(true, name + ", " + driver + " driver");
    }

    /** What {@link #probe} found. */
    public record Probe(boolean works, String description) {
    }

    private ProcessResult run(String... args) throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(docker.toString()));
        command.addAll(List.of(args));
        return runner.run(ProcessCommand.of(command).env(environment).timeout(PROBE_TIMEOUT).mergeStderr());
    }

    /** Runs a build: its output goes line by line to {@code lines}. */
    ProcessResult build(List<String> args, long sourceDateEpoch, java.util.function.Consumer<String> lines, Duration timeout)
            throws InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(docker.toString()));
        command.addAll(args);
        return runner.run(ProcessCommand.of(command).env(buildEnvironment(sourceDateEpoch)).timeout(timeout)
                .mergeStderr().outputCap(256 * 1024).onOutputLine(lines));
    }

    private static String firstLine(ProcessResult r) {
        if (!r.started()) {
            return "it could not be started: " + r.startError();
        }
        String text = r.out().strip();
        return text.isEmpty() ? "exit code " + r.exitCode() : text.lines().findFirst().orElse(text);
    }
}
