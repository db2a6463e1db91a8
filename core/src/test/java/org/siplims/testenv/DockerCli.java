package org.siplims.testenv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The docker command line, for test fixtures only: it is what a person would type, and it
 * checks the programs under test against a second, independent client of the engine.
 */
public final class DockerCli {
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
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("DOCKER_CONFIG", config.toString());
        env.remove("DOCKER_HOST");
        if (host != null) {
            env.put("DOCKER_HOST", host.toString());
        }
        try {
            Process p = pb.start();
            Thread feeder = new Thread(() -> {
                try (OutputStream out = p.getOutputStream()) {
                    if (input != null) {
                        input.transferTo(out);
                    }
                } catch (IOException ignored) {
                    // the process may close stdin early; its exit code tells what happened
                }
            });
            feeder.start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // reading stops when the process ends
                }
            });
            errReader.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("docker " + String.join(" ", args) + " did not finish in 10 minutes");
            }
            feeder.join();
            errReader.join();
            return new Result(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
