package org.siplims.launcher.lifecycle;

import java.time.Clock;
import java.util.Objects;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.engine.AppEngine;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.release.ReleaseSource;
import org.siplims.launcher.release.ReleaseVerifier;
import org.siplims.launcher.status.ImageInfo;
import org.siplims.launcher.status.StateMachine;

/**
 * What the parts of the lifecycle share: the options and the services they use (engine, release
 * source, signature checks, clock), all given from outside and never replaced, the status they
 * report through, and the one mutable {@link Session} of this run.
 */
public final class LauncherContext {
    private final LauncherOptions options;
    private final AppEngine engine;
    private final ReleaseSource releases;
    private final ReleaseVerifier trust;
    private final StateMachine status;
    private final Clock clock;
    private final Session session;

    /**
     * @param releases      asked only when online; a lazy one ({@link ReleaseSource#lazy}) keeps the registry client unmade until then
     */
    public LauncherContext(LauncherOptions options, AppEngine engine, ReleaseSource releases, ReleaseVerifier trust,
                           StateMachine status, Clock clock) {
        this.options = Objects.requireNonNull(options);
        this.engine = Objects.requireNonNull(engine);
        this.releases = Objects.requireNonNull(releases);
        this.trust = Objects.requireNonNull(trust);
        this.status = Objects.requireNonNull(status);
        this.clock = Objects.requireNonNull(clock);
        this.session = new Session(status);
    }

    public LauncherOptions options() {
        return options;
    }

    public AppEngine engine() {
        return engine;
    }

    public ReleaseSource releases() {
        return releases;
    }

    /** Which releases may run, by their signatures. */
    public ReleaseVerifier trust() {
        return trust;
    }

    public StateMachine status() {
        return status;
    }

    public Clock clock() {
        return clock;
    }

    Session session() {
        return session;
    }

    static ImageInfo imageInfo(RunnableImage image) {
        return new ImageInfo(image.runReference(), image.digest(), image.release().version(), image.release().commit(),
                image.release().buildDate(), image.platform(), image.emulated(), image.verification());
    }
}
