package org.siplims.launcher.lifecycle;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.core.docker.LocalImage;
import org.siplims.launcher.paths.FolderProbe;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.status.EventBus;
import org.siplims.launcher.status.StateMachine;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.StatusStore;
import org.siplims.launcher.testing.FakeEngine;
import org.siplims.launcher.testing.FakeReleases;
import org.siplims.launcher.testing.FakeVerifier;

/** The lifecycle's parts over in-memory fakes: an engine, a registry and signature answers. */
final class Fixture {
    static final ImageReference REPO = ImageReference.parse("fake.registry/lab/app");
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final FakeEngine engine = new FakeEngine();
    final FakeReleases registry = new FakeReleases();
    final StateMachine status;
    final LauncherContext ctx;
    final ImageSelector selector;
    final AppRunner runner;
    final UpdateSwitch updates;
    /** The file system the folder rules see: every folder exists, and leads where {@link #realPaths} says (itself by default). */
    final java.util.Map<String, String> realPaths = new java.util.concurrent.ConcurrentHashMap<>();
    private final FolderProbe probe = new FolderProbe() {
        @Override
        public Kind kind(String path) {
            return Kind.DIRECTORY;
        }

        @Override
        public Optional<String> realPath(String path) {
            return Optional.of(realPaths.getOrDefault(path, path));
        }
    };

    Fixture(boolean offline, FakeVerifier trust) {
        this(offline, trust, false);
    }

    Fixture(boolean offline, FakeVerifier trust, boolean installUpdatesAtStart) {
        LauncherOptions options = new LauncherOptions(REPO, "latest", Optional.of("/tmp/project"), Optional.empty(), Optional.empty(),
                18501, 18500, "fake-app", offline, false, Duration.ofHours(4), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofMillis(10), URI.create("tcp://127.0.0.1:9"), Path.of("/tmp/fake-config"))
                .withInstallUpdatesAtStart(installUpdatesAtStart);
        status = new StateMachine(new StatusStore(Status.initial(Optional.of(new HostFolder("/tmp/project", OsFlavor.LINUX)),
                Optional.empty(), Optional.empty()), new EventBus<>()));
        ctx = new LauncherContext(options, engine, registry, trust, status, Clock.systemUTC());
        ctx.session().engine(engine.ping());
        selector = new ImageSelector(ctx);
        runner = new AppRunner(ctx, new FolderRules(OsFlavor.LINUX, "/tmp", probe));
        updates = new UpdateSwitch(ctx, selector, runner);
    }

    /** Release {@code n} of the repository: version "1.n", made n days after T0 (later is newer). */
    static LocalImage release(int n) {
        return FakeEngine.image(REPO, Digest.of("release " + n), "1." + n, T0.plus(Duration.ofDays(n)));
    }

    /** Chooses the image as the worker does at start-up, and runs it. */
    ImageSelector.Choice bringUp() throws InterruptedException {
        ImageSelector.Choice choice = selector.choose(ctx.session().engine());
        runner.run(choice.image(), choice.note());
        return choice;
    }
}
