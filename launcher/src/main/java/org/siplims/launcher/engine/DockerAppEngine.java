package org.siplims.launcher.engine;

import java.time.Clock;
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

/** The {@link AppEngine} of a real Docker engine, through docker-java: one connection, its images, containers and pulls. */
public final class DockerAppEngine implements AppEngine {
    private final EngineConnection docker;
    private final LocalImages images;
    private final ImagePuller puller;
    private final AppContainers containers;
    private final HealthProbe health;
    /** The real passing of time: an app's start-up wait is measured in it. */
    private final Clock clock = Clock.systemUTC();

    public DockerAppEngine(EngineConnection docker, LocalImages images, ImagePuller puller, AppContainers containers, HealthProbe health) {
        this.docker = docker;
        this.images = images;
        this.puller = puller;
        this.containers = containers;
        this.health = health;
    }

    /** The engine at this connection, with the usual pause between pull attempts. */
    public static DockerAppEngine of(EngineConnection docker) {
        return new DockerAppEngine(docker, new LocalImages(docker), new ImagePuller(docker, Duration.ofSeconds(2)),
                new AppContainers(docker), new HealthProbe());
    }

    @Override
    public EngineInfo ping() {
        return docker.ping();
    }

    @Override
    public List<LocalImage> ofRepository(ImageReference repository) {
        return images.ofRepository(repository);
    }

    @Override
    public Optional<LocalImage> byDigest(ImageReference repository, Digest digest) {
        return images.byDigest(repository, digest);
    }

    @Override
    public Optional<LocalImage> best(ImageReference channel) {
        return images.best(channel);
    }

    @Override
    public void removeNames(LocalImage image) {
        images.removeNames(image);
    }

    @Override
    public void pull(ImageReference pinned, Optional<Platform> platform, Map<String, Long> layerSizes, Consumer<PullProgress> progress)
            throws InterruptedException {
        puller.pull(pinned, platform, layerSizes, progress);
    }

    @Override
    public Optional<ExistingContainer> find(String name) {
        return containers.find(name);
    }

    @Override
    public Optional<ExistingContainer> inspect(String id) {
        return containers.inspect(id);
    }

    @Override
    public String create(ContainerSpec spec) {
        return containers.create(spec);
    }

    @Override
    public void start(String id, int appPort) {
        containers.start(id, appPort);
    }

    @Override
    public void stop(String id, Duration grace) {
        containers.stop(id, grace);
    }

    @Override
    public void remove(String id) {
        containers.remove(id);
    }

    @Override
    public String logTail(String id, int lines) throws InterruptedException {
        return containers.logTail(id, lines);
    }

    @Override
    public boolean logShowsExecFormatError(String log) {
        return AppContainers.isExecFormatError(log);
    }

    @Override
    public void requirePortFree(int port) throws InterruptedException {
        containers.requirePortFree(port);
    }

    @Override
    public boolean healthy(int appPort) throws InterruptedException {
        return health.healthy(appPort);
    }

    @Override
    public Readiness.Outcome awaitReady(String id, int appPort, Duration timeout) throws InterruptedException {
        return health.startupWait(docker, clock).await(id, Readiness.Endpoint.onHostPort(appPort, HealthProbe.HEALTH_PATH), timeout);
    }

    @Override
    public void close() {
        docker.close();
    }
}
