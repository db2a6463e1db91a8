package org.siplims.launcher.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.docker.EngineInfo;
import org.siplims.core.docker.Readiness;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.launcher.status.PullProgress;

/**
 * What the launcher's lifecycle asks of a container engine: whether it answers, the images of the
 * app's repository, pulls, the app container's life, its log, and the app's health. The real one
 * is {@link DockerAppEngine}; unit tests of the lifecycle's decisions use an in-memory one.
 *
 * <p>Every call may throw {@link org.siplims.core.docker.DockerUnavailableException} when the
 * engine stops answering.
 */
public interface AppEngine extends AutoCloseable {
    /** The engine's version and platform. */
    EngineInfo ping();

    // ---- images -------------------------------------------------------------------------------

    /** Every image of this repository on the machine, newest first. */
    List<LocalImage> ofRepository(ImageReference repository);

    /** The image pulled as {@code repository@digest}, if the engine has it. */
    Optional<LocalImage> byDigest(ImageReference repository, Digest digest);

    /** Without the registry: the image the channel tag names locally, else the newest of the repository. */
    Optional<LocalImage> best(ImageReference channel);

    /** Removes this repository's names for an image; the engine deletes it when its last name goes. */
    void removeNames(LocalImage image);

    /**
     * Pulls {@code repo@digest}, reporting progress.
     *
     * @throws PullFailedException when the pull failed after retries
     */
    void pull(ImageReference pinned, Optional<Platform> platform, Map<String, Long> layerSizes, Consumer<PullProgress> progress)
            throws InterruptedException;

    // ---- the app container --------------------------------------------------------------------

    Optional<ExistingContainer> find(String name);

    Optional<ExistingContainer> inspect(String id);

    /** Creates the app container; returns its ID. @throws ContainerNameTakenException when the name is used */
    String create(ContainerSpec spec);

    /**
     * Starts a created container.
     *
     * @throws PortInUseException   when the app port cannot be bound
     * @throws ExecFormatException  when the image's programs are for a processor this engine cannot run
     */
    void start(String id, int appPort);

    /** SIGTERM, then SIGKILL after the grace period; a stopped or missing container is fine. */
    void stop(String id, Duration grace);

    /** Removes a container; a missing one is fine. */
    void remove(String id);

    /** The last lines the container wrote (stdout and stderr), or "" when there is none. */
    String logTail(String id, int lines) throws InterruptedException;

    /** Whether a container's log shows that its program could not run on this processor ("exec format error"). */
    boolean logShowsExecFormatError(String log);

    /** Fails with {@link PortInUseException} when something else holds this loopback port. */
    void requirePortFree(int port) throws InterruptedException;

    /** Whether the app on this loopback port answers its health check. */
    boolean healthy(int appPort) throws InterruptedException;

    /**
     * Waits until the app of this starting container answers its health path on {@code appPort},
     * the container stops or vanishes, or {@code timeout} passes; the outcome says which, with the
     * exit code and the log's last lines when it failed.
     */
    Readiness.Outcome awaitReady(String id, int appPort, Duration timeout) throws InterruptedException;

    /** Lets go of the connection; the containers stay as they are. */
    @Override
    void close();
}
