package org.siplims.publisher.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;

/**
 * Everything a command needs to know, resolved once: command-line option, else {@code publisher.json},
 * else the built-in default. Paths are absolute.
 *
 * @param version  the version to release; empty means {@code git describe --tags --always --dirty}
 * @param platform  the platform to build and test for, or to read from a multi-platform release; empty means the engine's own
 * @param platforms the platforms to build, test and release together ({@code --platforms}, {@code "platforms"}); empty means
 *                  {@code platform}, else the platforms the image definition has lock folders for, else the engine's own
 */
public record Settings(
        Path context,
        ImageReference image,
        Path dockerfile,
        Path condaLock,
        Path requirementsLock,
        Optional<String> version,
        String channel,
        Optional<Platform> platform,
        List<Platform> platforms,
        String healthPath,
        int port,
        Duration healthTimeout,
        List<String> versionCommand,
        List<TestCommand> testCommands,
        LockCommands lockCommands,
        boolean allowDirty) {

    public static final String DEFAULT_HEALTH_PATH = "/_stcore/health";
    public static final int DEFAULT_PORT = 8501;
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(90);
    public static final List<String> DEFAULT_VERSION_COMMAND = List.of("--version");
    public static final String CONDA_LOCK = "conda-lock.txt";
    public static final String REQUIREMENTS_LOCK = "requirements-lock.txt";

    public Settings {
        testCommands = List.copyOf(testCommands);
        versionCommand = List.copyOf(versionCommand);
        platforms = List.copyOf(platforms);
    }
}
