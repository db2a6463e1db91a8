package org.siplims.publisher.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.siplims.core.testing.TestEnvironment;

/**
 * A publisher run against an engine the way a maintainer's machine has it: {@code DOCKER_HOST}
 * names the engine, the engine's own {@code docker} command is first on {@code PATH}, and a
 * Docker configuration of the run's own (no logins) holds the buildx plugin, as
 * {@code ~/.docker/cli-plugins} does on Docker Desktop.
 */
public final class BuildxPublisher {
    private BuildxPublisher() {
    }

    public static PublisherRun on(TestEnvironment env, TestEnvironment.Engine engine) {
        try {
            Path state = Files.createTempDirectory("siplims-publisher-state");
            PublisherRun run = new PublisherRun(state).env("DOCKER_HOST", engine.host().toString());
            if (engine.name().equals("docker28")) {
                Path config = state.resolve("docker-config");
                Files.createDirectories(config.resolve("cli-plugins"));
                Files.createSymbolicLink(config.resolve("cli-plugins/docker-buildx"),
                        env.docker28Config().resolve("cli-plugins/docker-buildx").toRealPath());
                run.env("PATH", env.docker28Cli().getParent() + java.io.File.pathSeparator + System.getenv("PATH"));
            }
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
