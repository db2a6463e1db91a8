package org.siplims.core.testing;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.siplims.core.process.ProcessCommand;
import org.siplims.core.process.ProcessResult;
import org.siplims.core.process.ProcessRunner;

/**
 * The docker command line, for test fixtures only: it is what a person would type, and it
 * checks the programs under test against a second, independent client of the engine.
 */
public final class DockerCli {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final ProcessRunner RUNNER = new ProcessRunner();
    private final Path config;
    private final URI host;

    /** @param config a DOCKER_CONFIG directory, so tests never touch the user's ~/.docker */
    public DockerCli(Path config) {
        this(config, null);
    }

    /**
     * @param config a DOCKER_CONFIG directory, so tests never touch the user's ~/.docker
     * @param host   the engine to talk to (DOCKER_HOST), or null for the machine's default engine
     */
    public DockerCli(Path config, URI host) {
        this.config = config;
        this.host = host;
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs docker with these arguments and fails unless it exits 0; returns stdout trimmed. */
    public String run(String... args) {
        Result r = exec(null, args);
        if (r.exitCode != 0) {
            throw new IllegalStateException("docker " + String.join(" ", args) + " failed (" + r.exitCode + "): " + r.stderr + r.stdout);
        }
        return r.stdout.trim();
    }

    /** Runs docker with stdin from {@code input} (may be null), whatever its exit code. */
    public Result exec(InputStream input, String... args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(List.of(args));
        // Only the safe base, our own DOCKER_CONFIG and the engine under test: never the machine's
        // DOCKER_HOST, DOCKER_CONTEXT or credentials.
        ProcessCommand docker = ProcessCommand.of(command).inheritSafeBase().env("DOCKER_CONFIG", config.toString())
                .timeout(TIMEOUT);
        if (host != null) {
            docker.env("DOCKER_HOST", host.toString());
        }
        if (input != null) {
            docker.stdin(input);
        }
        try {
            ProcessResult r = RUNNER.run(docker);
            if (!r.started()) {
                throw new IllegalStateException("docker could not be started: " + r.startError());
            }
            if (r.timedOut()) {
                throw new IllegalStateException("docker " + String.join(" ", args) + " did not finish in " + TIMEOUT.toMinutes() + " minutes");
            }
            return new Result(r.exitCode(), r.out(), r.err());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
