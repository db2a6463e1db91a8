package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;

/** The engine connection, image lookup, log tail and readiness wait against the real engine, with the fixture app. */
class EngineIT {
    private static final String HEALTH = "/_stcore/health";
    private final TestEnvironment env = TestEnvironment.get();
    private final FixtureImages fixtures = new FixtureImages(env);
    private final List<String> containers = new java.util.ArrayList<>();
    private final List<String> images = new java.util.ArrayList<>();

    @AfterEach
    void removeContainersAndImages() {
        containers.forEach(c -> fixtures.cli().exec(null, "rm", "-f", c));
        images.forEach(fixtures::removeLocal);
    }

    @Test
    void pingSaysVersionApiAndTheNativePlatform() {
        try (EngineConnection engine = new EngineConnection(env.dockerHost())) {
            EngineInfo info = engine.ping();
            assertFalse(info.version().isBlank());
            assertTrue(info.apiVersion().matches("1\\.\\d+"), info.apiVersion());
            assertTrue(Platform.ofThisMachine().matches(info.platform()), info.platform().toString());
            assertEquals(info.platform(), engine.nativePlatform());
        }
    }

    @Test
    void findsALocalImageByTagAndById() {
        ImageReference tag = build(FixtureImages.Mode.HEALTHY);
        ImageId id = ImageId.parse(fixtures.imageId(tag));
        LocalImage byTag = LocalImage.find(env.docker(), tag.toString()).orElseThrow();
        assertEquals(id, byTag.id());
        assertTrue(byTag.references().contains(tag.toString()), byTag.references().toString());
        assertEquals(Optional.empty(), byTag.repoDigest(), "built here, never pushed");
        assertTrue(byTag.created().isPresent());
        assertEquals(byTag.id(), LocalImage.find(env.docker(), id.toString()).orElseThrow().id());
        assertEquals(Optional.empty(), LocalImage.find(env.docker(), tag.withTag("no-such-tag").toString()));
    }

    @Test
    void aHealthyAppIsReadyOnThePortTheEnginePublished() throws Exception {
        String name = run(build(FixtureImages.Mode.HEALTHY), "127.0.0.1::8501");
        Readiness.Outcome outcome = readiness().await(name, Readiness.Endpoint.publishedFrom(8501, HEALTH), Duration.ofSeconds(20));
        assertInstanceOf(Readiness.Ready.class, outcome, outcome::toString);
    }

    @Test
    void aHealthyAppIsReadyOnAFixedHostPort() throws Exception {
        int port = freePort();
        String id = run(build(FixtureImages.Mode.HEALTHY), "127.0.0.1:" + port + ":8501");
        Readiness.Outcome outcome = readiness().await(id, Readiness.Endpoint.onHostPort(port, HEALTH), Duration.ofSeconds(20));
        assertInstanceOf(Readiness.Ready.class, outcome, outcome::toString);
    }

    @Test
    void anAppThatCrashesIsReportedWithItsExitCodeAndLastLines() throws Exception {
        String name = run(build(FixtureImages.Mode.CRASHES), "127.0.0.1::8501");
        Instant start = Instant.now();
        Readiness.NotReady failed = assertInstanceOf(Readiness.NotReady.class,
                readiness().await(name, Readiness.Endpoint.publishedFrom(8501, HEALTH), Duration.ofSeconds(60)));
        assertTrue(Duration.between(start, Instant.now()).toSeconds() < 30, "reported when it stopped, not at the timeout");
        assertEquals(Readiness.Reason.STOPPED, failed.reason());
        assertEquals(Optional.of(3), failed.exitCode());
        assertEquals("exited", failed.containerStatus());
        assertTrue(failed.logTail().contains("fixture app: simulated crash"), failed.logTail().toString());
        assertTrue(failed.logTail().stream().anyMatch(l -> l.startsWith("fixture app 1.0.0 starting")), failed.logTail().toString());

        // stdout and stderr are separate pipes: which of the two lines the engine stored last is not fixed.
        List<String> lastOne = ContainerLogs.tail(env.docker(), name, 1);
        assertEquals(1, lastOne.size(), lastOne.toString());
        assertTrue(failed.logTail().containsAll(lastOne), lastOne.toString());
    }

    @Test
    void anAppThatNeverAnswers200TimesOutWithItsLastAnswer() throws Exception {
        String name = run(build(FixtureImages.Mode.NEVER_HEALTHY), "127.0.0.1::8501");
        Readiness.NotReady failed = assertInstanceOf(Readiness.NotReady.class,
                readiness().await(name, Readiness.Endpoint.publishedFrom(8501, HEALTH), Duration.ofSeconds(2)));
        assertEquals(Readiness.Reason.TIMED_OUT, failed.reason());
        assertEquals("last answer HTTP 404", failed.lastAnswer());
        assertEquals(Optional.empty(), failed.exitCode());
        assertTrue(failed.logTail().stream().anyMatch(l -> l.startsWith("fixture app 1.0.0 starting")), failed.logTail().toString());
    }

    @Test
    void aContainerThatIsNotThereHasVanishedAndAnEmptyLog() throws Exception {
        String nowhere = TestEnvironment.uniqueContainerName("never-created");
        Readiness.NotReady failed = assertInstanceOf(Readiness.NotReady.class,
                readiness().await(nowhere, Readiness.Endpoint.onHostPort(freePort(), HEALTH), Duration.ofSeconds(2)));
        assertEquals(Readiness.Reason.VANISHED, failed.reason());
        assertEquals(List.of(), ContainerLogs.tail(env.docker(), nowhere, 10));
    }

    @Test
    void theWaitEndsAtOnceWhenItsThreadIsInterrupted() throws Exception {
        String name = run(build(FixtureImages.Mode.NEVER_HEALTHY), "127.0.0.1::8501");
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Readiness.Outcome> wait = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            try {
                return readiness().await(name, Readiness.Endpoint.publishedFrom(8501, HEALTH), Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        });
        Thread.sleep(1_000);
        Instant interrupted = Instant.now();
        waiter.get().interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> wait.get(10, java.util.concurrent.TimeUnit.SECONDS));
        assertInstanceOf(InterruptedException.class, e.getCause().getCause());
        assertTrue(Duration.between(interrupted, Instant.now()).toSeconds() < 5);
    }

    private Readiness readiness() {
        return new Readiness(env.engine(), new LoopbackHealth(Duration.ofSeconds(2)),
                new Readiness.Polling(Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMillis(500)), 40, Clock.systemUTC());
    }

    private ImageReference build(FixtureImages.Mode mode) {
        Path context = tempDir();
        fixtures.writeAppContext(context, mode);
        ImageReference tag = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("engine-it") + ":1.0.0");
        fixtures.build(context, tag, "1.0.0");
        images.add(tag.toString());
        return tag;
    }

    /** Starts the app detached, with an init (quick stops); returns the container's name. */
    private String run(ImageReference image, String publish) {
        String name = TestEnvironment.uniqueContainerName("engine-it");
        containers.add(name);
        fixtures.cli().run("run", "-d", "--init", "--name", name, "-p", publish, image.toString());
        return name;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("siplims-engine-it");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
