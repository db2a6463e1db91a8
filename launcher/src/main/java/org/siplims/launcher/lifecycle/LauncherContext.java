package org.siplims.launcher.lifecycle;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.engine.AppContainers;
import org.siplims.launcher.engine.DockerConnection;
import org.siplims.launcher.engine.EngineInfo;
import org.siplims.launcher.engine.HealthProbe;
import org.siplims.launcher.engine.ImagePuller;
import org.siplims.launcher.engine.LocalImages;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.status.ImageInfo;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.StatusStore;
import org.siplims.launcher.trust.ReleaseTrust;
import org.siplims.launcher.release.ReleaseLookup;

/**
 * What the parts of the lifecycle share: the options, the engine and registry clients, the status,
 * and what is known about the engine and the app container right now.
 */
public final class LauncherContext {
    private final LauncherOptions options;
    private final DockerConnection docker;
    private final LocalImages images;
    private final ImagePuller puller;
    private final AppContainers containers;
    private final HealthProbe health;
    private final Supplier<ReleaseLookup> releases;
    private final StatusStore status;
    private final Optional<String> containerUser;
    private final Clock clock;
    private final ReleaseTrust trust;
    /** Registry digests whose signature was refused, with the reason: never offered as an update. */
    private final java.util.Map<org.siplims.core.image.Digest, String> refused = new java.util.concurrent.ConcurrentHashMap<>();

    private volatile EngineInfo engine;
    /** The app container the launcher considers its own now; null while there is none. */
    private volatile String containerId;
    /** The image that container runs. */
    private volatile RunnableImage running;

    public LauncherContext(LauncherOptions options, DockerConnection docker, Supplier<ReleaseLookup> releases,
                           StatusStore status, Optional<String> containerUser, Clock clock) {
        this(options, docker, releases, status, containerUser, clock, ReleaseTrust.none());
    }

    public LauncherContext(LauncherOptions options, DockerConnection docker, Supplier<ReleaseLookup> releases,
                           StatusStore status, Optional<String> containerUser, Clock clock, ReleaseTrust trust) {
        this.trust = trust;
        this.options = options;
        this.docker = docker;
        this.images = new LocalImages(docker);
        this.puller = new ImagePuller(docker, java.time.Duration.ofSeconds(2));
        this.containers = new AppContainers(docker);
        this.health = new HealthProbe();
        this.releases = releases;
        this.status = status;
        this.containerUser = containerUser;
        this.clock = clock;
    }

    public LauncherOptions options() {
        return options;
    }

    public DockerConnection docker() {
        return docker;
    }

    public LocalImages images() {
        return images;
    }

    public ImagePuller puller() {
        return puller;
    }

    public AppContainers containers() {
        return containers;
    }

    public HealthProbe health() {
        return health;
    }

    /** The registry client, made on first use (never when offline). */
    public ReleaseLookup releases() {
        return releases.get();
    }

    /** Which releases may run, by their signatures. */
    public ReleaseTrust trust() {
        return trust;
    }

    /** Why this digest's signature was refused, when it was. */
    Optional<String> refusal(org.siplims.core.image.Digest digest) {
        return Optional.ofNullable(refused.get(digest));
    }

    void refused(org.siplims.core.image.Digest digest, Optional<String> why) {
        if (why.isPresent()) {
            refused.put(digest, why.get());
        } else {
            refused.remove(digest);
        }
    }

    public StatusStore status() {
        return status;
    }

    public Optional<String> containerUser() {
        return containerUser;
    }

    public Clock clock() {
        return clock;
    }

    public EngineInfo engine() {
        return engine;
    }

    void engine(EngineInfo e) {
        this.engine = e;
    }

    public String containerId() {
        return containerId;
    }

    void containerId(String id) {
        this.containerId = id;
    }

    public RunnableImage running() {
        return running;
    }

    void running(RunnableImage image) {
        this.running = image;
    }

    /** A new state and message. */
    void set(LauncherState state, String message) {
        status.update(s -> s.with(state, message));
    }

    static ImageInfo imageInfo(RunnableImage image) {
        return new ImageInfo(image.runReference(), image.digest(), image.release().version(), image.release().commit(),
                image.release().buildDate(), image.platform(), image.emulated(), image.verification());
    }
}
