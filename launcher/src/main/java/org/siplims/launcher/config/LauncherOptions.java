package org.siplims.launcher.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.siplims.core.container.MemoryLimit;
import org.siplims.core.image.ImageReference;

/**
 * Everything the launcher was told, after the command line, the config file, the remembered
 * settings and the defaults were merged (in that order of precedence). Folder paths are still the
 * user's text here; they are checked by {@link org.siplims.launcher.paths.FolderRules} when used.
 *
 * @param image               the image repository, without tag
 * @param channel             the tag that names the newest tested release (default {@code latest})
 * @param updateCheckInterval how often the registry is asked for a newer release
 * @param healthTimeout       how long a starting app may take to answer its health check
 * @param stopGrace           how long a stopping app gets between SIGTERM and SIGKILL
 * @param dockerRetryInterval how often the engine is asked again while it does not answer
 * @param configDirectory     where the remembered settings live (and the user's {@code trusted-keys.pem}, if any)
 * @param trustedKeys         a PEM file of public keys to trust besides those in the config directory and
 *                            those shipped with the launcher ({@code --trusted-keys})
 * @param memoryLimit         the app container's memory limit ({@code --memory-limit}): by default a share of the engine's memory
 * @param installUpdatesAtStart whether a newer release is installed when the launcher starts
 *                            ({@code --install-updates-at-start}); off by default: the release on this
 *                            computer starts, and the newer one is offered
 * @param mirror              the lab's pull-through mirror of the image's registry ({@code --mirror}), if any
 */
public record LauncherOptions(
        ImageReference image,
        String channel,
        Optional<String> project,
        Optional<String> scripts,
        Optional<String> workflow,
        int appPort,
        int statusPort,
        String containerName,
        boolean offline,
        boolean openBrowser,
        Duration updateCheckInterval,
        Duration healthTimeout,
        Duration stopGrace,
        Duration dockerRetryInterval,
        URI dockerHost,
        Path configDirectory,
        Optional<Path> trustedKeys,
        MemoryLimit memoryLimit,
        boolean installUpdatesAtStart,
        Optional<LabMirror> mirror) {

    public static final int DEFAULT_APP_PORT = 8501;
    public static final int DEFAULT_STATUS_PORT = 8500;
    public static final String DEFAULT_CONTAINER_NAME = "sip-lims-workflow-manager";
    public static final Duration DEFAULT_UPDATE_CHECK_INTERVAL = Duration.ofHours(4);
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(180);
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DOCKER_RETRY = Duration.ofSeconds(3);

    public LauncherOptions {
        trustedKeys = trustedKeys == null ? Optional.empty() : trustedKeys;
        memoryLimit = memoryLimit == null ? MemoryLimit.DEFAULT : memoryLimit;
        mirror = mirror == null ? Optional.empty() : mirror;
    }

    /** Options with no update installed at start and no lab mirror. */
    public LauncherOptions(ImageReference image, String channel, Optional<String> project, Optional<String> scripts,
                           Optional<String> workflow, int appPort, int statusPort, String containerName, boolean offline,
                           boolean openBrowser, Duration updateCheckInterval, Duration healthTimeout, Duration stopGrace,
                           Duration dockerRetryInterval, URI dockerHost, Path configDirectory, Optional<Path> trustedKeys,
                           MemoryLimit memoryLimit) {
        this(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline, openBrowser,
                updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, trustedKeys,
                memoryLimit, false, Optional.empty());
    }

    public LauncherOptions withInstallUpdatesAtStart(boolean install) {
        return new LauncherOptions(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline,
                openBrowser, updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, trustedKeys,
                memoryLimit, install, mirror);
    }

    /** Options with the default memory limit. */
    public LauncherOptions(ImageReference image, String channel, Optional<String> project, Optional<String> scripts,
                           Optional<String> workflow, int appPort, int statusPort, String containerName, boolean offline,
                           boolean openBrowser, Duration updateCheckInterval, Duration healthTimeout, Duration stopGrace,
                           Duration dockerRetryInterval, URI dockerHost, Path configDirectory, Optional<Path> trustedKeys) {
        this(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline, openBrowser,
                updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, trustedKeys,
                MemoryLimit.DEFAULT);
    }

    /** Options without a {@code --trusted-keys} file. */
    public LauncherOptions(ImageReference image, String channel, Optional<String> project, Optional<String> scripts,
                           Optional<String> workflow, int appPort, int statusPort, String containerName, boolean offline,
                           boolean openBrowser, Duration updateCheckInterval, Duration healthTimeout, Duration stopGrace,
                           Duration dockerRetryInterval, URI dockerHost, Path configDirectory) {
        this(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline, openBrowser,
                updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, Optional.empty());
    }

    /** The channel tag of the image: what the registry is asked about. */
    public ImageReference channelReference() {
        return image.withTag(channel);
    }

    public URI appUrl() {
        return URI.create("http://localhost:" + appPort + "/");
    }

    public URI statusUrl() {
        return URI.create("http://localhost:" + statusPort + "/");
    }

    public LauncherOptions withFolders(Optional<String> newProject, Optional<String> newScripts, Optional<String> newWorkflow) {
        return new LauncherOptions(image, channel, newProject, newScripts, newWorkflow, appPort, statusPort, containerName, offline,
                openBrowser, updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, trustedKeys, memoryLimit, installUpdatesAtStart, mirror);
    }

    public LauncherOptions withImage(ImageReference newImage) {
        return new LauncherOptions(newImage, channel, project, scripts, workflow, appPort, statusPort, containerName, offline,
                openBrowser, updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, trustedKeys, memoryLimit, installUpdatesAtStart, mirror);
    }

    public LauncherOptions withOffline(boolean newOffline) {
        return new LauncherOptions(image, channel, project, scripts, workflow, appPort, statusPort, containerName, newOffline,
                openBrowser, updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, trustedKeys, memoryLimit, installUpdatesAtStart, mirror);
    }

    public LauncherOptions withDockerHost(URI newHost) {
        return new LauncherOptions(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline,
                openBrowser, updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, newHost, configDirectory, trustedKeys, memoryLimit, installUpdatesAtStart, mirror);
    }

    public LauncherOptions withTimeouts(Duration newHealthTimeout, Duration newStopGrace, Duration newDockerRetry) {
        return new LauncherOptions(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline,
                openBrowser, updateCheckInterval, newHealthTimeout, newStopGrace, newDockerRetry, dockerHost, configDirectory, trustedKeys, memoryLimit, installUpdatesAtStart, mirror);
    }

    public LauncherOptions withMemoryLimit(MemoryLimit limit) {
        return new LauncherOptions(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline,
                openBrowser, updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, trustedKeys, limit, installUpdatesAtStart, mirror);
    }

    public LauncherOptions withTrustedKeys(Optional<Path> file) {
        return new LauncherOptions(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline,
                openBrowser, updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, file, memoryLimit, installUpdatesAtStart, mirror);
    }

    public LauncherOptions withMirror(Optional<LabMirror> newMirror) {
        return new LauncherOptions(image, channel, project, scripts, workflow, appPort, statusPort, containerName, offline,
                openBrowser, updateCheckInterval, healthTimeout, stopGrace, dockerRetryInterval, dockerHost, configDirectory, trustedKeys,
                memoryLimit, installUpdatesAtStart, newMirror);
    }
}
