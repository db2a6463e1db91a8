package org.siplims.launcher.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.config.RememberedSettingsStore;
import org.siplims.launcher.paths.FolderProbe;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.release.ReleaseSource;
import org.siplims.launcher.release.RemoteRelease;
import org.siplims.launcher.status.EventBus;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.StateMachine;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.StatusStore;
import org.siplims.launcher.testing.FakeEngine;
import org.siplims.launcher.testing.FakeReleases;
import org.siplims.launcher.testing.FakeVerifier;

/**
 * The start of a launcher that ran before (issue 19): the release it ran last time starts at once
 * when it is here and may run, before the registry is asked; a first start, or a remembered
 * release that is gone, waits for the registry. Driven through the supervisor over in-memory fakes.
 */
class RememberedStartTest {
    private final LocalImage one = Fixture.release(1);
    private final LocalImage two = Fixture.release(2);
    @TempDir
    Path settings;

    /** The registry fake, noting in what state the launcher was when the registry was first asked. */
    private static final class WatchedRegistry implements ReleaseSource {
        final FakeReleases fake = new FakeReleases();
        final List<LauncherState> statesWhenAsked = new ArrayList<>();
        StateMachine status;

        @Override
        public synchronized Digest channelDigest(ImageReference channel) {
            statesWhenAsked.add(status.get().state());
            return fake.channelDigest(channel);
        }

        @Override
        public synchronized RemoteRelease resolve(ImageReference repository, Digest digest, Platform engine) {
            statesWhenAsked.add(status.get().state());
            return fake.resolve(repository, digest, engine);
        }

        synchronized List<LauncherState> asked() {
            return List.copyOf(statesWhenAsked);
        }
    }

    private final class Run implements AutoCloseable {
        final FakeEngine engine = new FakeEngine();
        final WatchedRegistry registry = new WatchedRegistry();
        final StateMachine status;
        final LauncherContext ctx;
        final Supervisor supervisor;

        Run(FakeVerifier trust) {
            LauncherOptions options = new LauncherOptions(Fixture.REPO, "latest", Optional.of("/home/ana/project"), Optional.empty(),
                    Optional.empty(), 18501, 18500, "fake-app", false, false, Duration.ofHours(4), Duration.ofSeconds(5),
                    Duration.ofSeconds(1), Duration.ofMillis(10), URI.create("tcp://127.0.0.1:9"), settings);
            status = new StateMachine(new StatusStore(Status.initial(Optional.of(new HostFolder("/home/ana/project", OsFlavor.LINUX)),
                    Optional.empty(), Optional.empty()), new EventBus<>()));
            registry.status = status;
            ctx = new LauncherContext(options, engine, registry, trust, status, Clock.systemUTC());
            supervisor = new Supervisor(ctx, new FolderRules(OsFlavor.LINUX, "/home/ana", everyFolderExists()),
                    new RememberedSettingsStore(settings, w -> { }, Clock.systemUTC()));
        }

        /** Begins and waits until the app runs and the registry has been asked at least once. */
        Status startAndSettle() throws InterruptedException {
            supervisor.begin();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                Status s = status.get();
                if (s.state() == LauncherState.RUNNING && s.update().checkedAt().isPresent()) {
                    return s;
                }
                if (s.state() == LauncherState.ERROR) {
                    throw new AssertionError("failed: " + s.message());
                }
                Thread.sleep(5);
            }
            throw new AssertionError("not running and checked within 10 s: " + status.get().state() + " " + status.get().message());
        }

        /** Begins and waits until the registry is first asked; returns the launcher's state at that moment. */
        LauncherState startUntilTheRegistryIsAsked() throws InterruptedException {
            supervisor.begin();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                List<LauncherState> asked = registry.asked();
                if (!asked.isEmpty()) {
                    return asked.get(0);
                }
                Thread.sleep(5);
            }
            throw new AssertionError("the registry was not asked within 10 s: " + status.get().state() + " " + status.get().message());
        }

        @Override
        public void close() {
            supervisor.close();
        }
    }

    private static FolderProbe everyFolderExists() {
        return new FolderProbe() {
            @Override
            public Kind kind(String path) {
                return Kind.DIRECTORY;
            }

            @Override
            public Optional<String> realPath(String path) {
                return Optional.of(path);
            }
        };
    }

    private void remember(LocalImage image) throws Exception {
        Files.writeString(settings.resolve(RememberedRelease.FILE_NAME), Fixture.REPO.withDigest(image.repoDigest().orElseThrow()) + "\n");
    }

    @Test
    void aRememberedVerifiedReleaseHereStartsBeforeTheRegistryIsAskedAndANewerOneBecomesAnUpdate() throws Exception {
        remember(one);
        try (Run run = new Run(FakeVerifier.withKey().verifiedBefore(one.repoDigest().get()).signed(two.repoDigest().get()))) {
            run.engine.has(one).offer(two);
            run.registry.fake.channelNames(two);

            Status s = run.startAndSettle();

            assertEquals(one.repoDigest(), s.image().orElseThrow().digest(), "the remembered release runs");
            assertEquals(List.of(LauncherState.RUNNING), run.registry.asked().subList(0, 1), "the registry is asked only once the app runs");
            assertTrue(run.engine.pulls().isEmpty(), "nothing is downloaded at start");
            assertTrue(s.update().available(), "the newer release is found by the check that follows, and offered");
            assertEquals(two.repoDigest(), s.update().remoteDigest());
        }
    }

    @Test
    void withoutSignaturesARememberedReleaseHereAlsoStartsAtOnce() throws Exception {
        remember(one);
        try (Run run = new Run(FakeVerifier.noKeys())) {
            run.engine.has(one);
            run.registry.fake.channelNames(one);

            Status s = run.startAndSettle();

            assertEquals(one.repoDigest(), s.image().orElseThrow().digest());
            assertEquals(LauncherState.RUNNING, run.registry.asked().get(0));
            assertFalse(s.update().available(), "the registry names what runs: no update");
        }
    }

    @Test
    void aRememberedReleaseThatIsGoneWaitsForTheRegistry() throws Exception {
        remember(one);
        try (Run run = new Run(FakeVerifier.noKeys())) {
            run.engine.offer(two);
            run.registry.fake.channelNames(two);

            Status s = run.startAndSettle();

            assertEquals(two.repoDigest(), s.image().orElseThrow().digest(), "the registry's release runs");
            assertTrue(run.registry.asked().get(0) != LauncherState.RUNNING, "the registry was asked before the app ran");
            assertEquals(List.of(two.repoDigest().get()), run.engine.pulls());
            assertEquals(Fixture.REPO.withDigest(two.repoDigest().get()) + "\n",
                    Files.readString(settings.resolve(RememberedRelease.FILE_NAME)), "the release that runs now is remembered");
        }
    }

    @Test
    void aRememberedReleaseHereThatWasNeverVerifiedWaitsForTheRegistry() throws Exception {
        remember(one);
        try (Run run = new Run(FakeVerifier.withKey().signed(one.repoDigest().get()))) {
            run.engine.has(one);
            run.registry.fake.channelNames(one);

            Status s = run.startAndSettle();

            assertEquals(one.repoDigest(), s.image().orElseThrow().digest());
            assertTrue(run.registry.asked().get(0) != LauncherState.RUNNING, "its signature is checked against the registry first");
        }
    }

    @Test
    void aFirstStartWaitsForTheRegistryAndRemembersWhatRuns() throws Exception {
        try (Run run = new Run(FakeVerifier.noKeys())) {
            run.engine.has(one);
            run.registry.fake.channelNames(one);

            Status s = run.startAndSettle();

            assertEquals(one.repoDigest(), s.image().orElseThrow().digest());
            assertTrue(run.registry.asked().get(0) != LauncherState.RUNNING);
            assertTrue(Files.readString(settings.resolve(RememberedRelease.FILE_NAME)).contains(one.repoDigest().get().toString()));
        }
    }

    @Test
    void aReleaseRememberedForAnotherRepositoryIsNotStarted() throws Exception {
        Files.writeString(settings.resolve(RememberedRelease.FILE_NAME),
                ImageReference.parse("other.registry/lab/app").withDigest(one.repoDigest().orElseThrow()) + "\n");
        try (Run run = new Run(FakeVerifier.noKeys())) {
            run.engine.has(one);
            run.registry.fake.channelNames(one);

            run.startAndSettle();

            assertTrue(run.registry.asked().get(0) != LauncherState.RUNNING);
        }
    }

    /** The image of a two-platform release for {@code platform}, as the engine knows it after a pull by its own digest. */
    private static LocalImage platformImage(Digest own, Platform platform) {
        return new LocalImage(org.siplims.core.docker.ImageId.parse("sha256:" + new StringBuilder(own.hex()).reverse()), platform,
                java.util.Map.of(org.siplims.core.release.ReleaseLabels.VERSION, "2.0"), Optional.of(Fixture.T0),
                List.of(Fixture.REPO.withDigest(own).toString()));
    }

    private void rememberTwoPlatform(Digest index, Digest image) throws Exception {
        Files.writeString(settings.resolve(RememberedRelease.FILE_NAME), Fixture.REPO.withDigest(index) + "\n" + Fixture.REPO.withDigest(image) + "\n");
    }

    @Test
    void aRememberedTwoPlatformReleaseWhoseImageIsHereStartsBeforeTheRegistryIsAsked() throws Exception {
        Digest index = Digest.of("two-platform index");
        Digest amd64 = Digest.of("two-platform amd64 image");
        LocalImage image = platformImage(amd64, Platform.LINUX_AMD64);
        rememberTwoPlatform(index, amd64);
        try (Run run = new Run(FakeVerifier.withKey().verifiedBefore(index).verifiedBefore(amd64))) {
            run.engine.has(image);
            run.registry.fake.channelNamesIndex(index, image);

            Status s = run.startAndSettle();

            assertEquals(Optional.of(index), s.image().orElseThrow().digest(), "the release is the index");
            assertEquals(Optional.of(image.id()), run.engine.runningImage("fake-app"), "its amd64 image runs");
            assertFalse(s.image().orElseThrow().emulated());
            assertEquals(LauncherState.RUNNING, run.registry.asked().get(0), "the registry is asked only once the app runs");
            assertTrue(run.engine.pulls().isEmpty(), "nothing is downloaded at start");
            assertFalse(s.update().available(), "the registry names what runs: no update");
            assertEquals(Fixture.REPO.withDigest(index) + "\n" + Fixture.REPO.withDigest(amd64) + "\n",
                    Files.readString(settings.resolve(RememberedRelease.FILE_NAME)), "the index and its image stay remembered");
        }
    }

    @Test
    void aRememberedTwoPlatformReleaseWhoseImageWasNeverVerifiedWaitsForTheRegistry() throws Exception {
        Digest index = Digest.of("two-platform index");
        Digest amd64 = Digest.of("two-platform amd64 image");
        LocalImage image = platformImage(amd64, Platform.LINUX_AMD64);
        rememberTwoPlatform(index, amd64);
        try (Run run = new Run(FakeVerifier.withKey().verifiedBefore(index).signed(index))) {
            run.engine.has(image);
            run.registry.fake.channelNamesIndex(index, image);

            assertTrue(run.startUntilTheRegistryIsAsked() != LauncherState.RUNNING, "the image's signature is checked against the registry first");
        }
    }

    @Test
    void aRememberedTwoPlatformReleaseOfAnotherPlatformThanThisComputersWaitsForTheRegistry() throws Exception {
        Digest index = Digest.of("two-platform index");
        Digest arm64 = Digest.of("two-platform arm64 image");
        LocalImage image = platformImage(arm64, Platform.LINUX_ARM64);
        rememberTwoPlatform(index, arm64);
        try (Run run = new Run(FakeVerifier.noKeys())) {
            run.engine.has(image);
            run.registry.fake.channelNamesIndex(index, image);

            assertTrue(run.startUntilTheRegistryIsAsked() != LauncherState.RUNNING, "the index decides which platform's image runs");
        }
    }
}
