package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.core.testing.faults.FaultProxy;

/**
 * The registry misbehaving, through a fault proxy on loopback in front of the real registry:
 * 500, 401, 429 with Retry-After, slow and stalled answers, a manifest that does not match its
 * digest, and a pull cut off halfway. The launcher's checks fail safely with a message; the
 * running app, its container and the project folder stay; a mismatched manifest is never run.
 */
class RegistryFaultsIT {
    /** A repository pushed straight to the registry and reached by the launcher (and its engine) only through the proxy. */
    private record Setup(FaultProxy proxy, String path, ImageReference direct, ImageReference viaProxy) {
    }

    private static Setup setup(String prefix) {
        String plain = TestEnvironment.get().plainRegistry();
        FaultProxy proxy = new FaultProxy(plain);
        String path = TestEnvironment.uniqueRepository(prefix);
        return new Setup(proxy, path, ImageReference.parse(plain + "/" + path), ImageReference.parse(proxy.hostPort() + "/" + path));
    }

    private static boolean isTagManifest(FaultProxy.Request r) {
        return !r.fromEngine() && r.path().endsWith("/manifests/latest");
    }

    @Test
    void failedUpdateChecksLeaveTheAppRunningAndSaySo() throws Exception {
        Setup s = setup("regfault");
        try (FaultProxy proxy = s.proxy(); FaultHarness h = new FaultHarness("regfault", s.viaProxy()).registryTimeout(Duration.ofSeconds(3))) {
            h.fixtures.pushApp(s.direct().withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start();
            Status running = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            String container = running.container().orElseThrow().id();
            Map<String, String> work = h.writeWork();
            FixtureImages.PushedImage v2 = h.fixtures.pushApp(s.direct().withTag("latest"), "2.0.0", Mode.HEALTHY); // an update exists, behind the faults

            record Fault(String name, java.util.function.Consumer<FaultProxy.Rule> apply, List<String> expected) {
            }
            List<Fault> faults = List.of(
                    new Fault("500", r -> r.status(500, Map.of()), List.of("500")),
                    new Fault("401", r -> r.status(401, Map.of()), List.of("401", "credentials", "log in", "denied", "refused")),
                    new Fault("429 Retry-After", r -> r.status(429, Map.of("Retry-After", "120")), List.of("429", "too many", "Too many", "rate", "120")),
                    new Fault("slow (6 s)", r -> r.delay(Duration.ofSeconds(6)), List.of("no answer within 3 s")),
                    new Fault("stalled", FaultProxy.Rule::stall, List.of("no answer within 3 s")));
            for (Fault f : faults) {
                f.apply().accept(proxy.when(RegistryFaultsIT::isTagManifest));
                Instant before = Instant.now();
                assertEquals(202, h.post("/api/update", "").status());
                Status after = h.await("the check with " + f.name() + " to end", st -> st.update().checkedAt().map(t -> t.isAfter(before)).orElse(false)
                        && st.update().error().isPresent() && st.state() == LauncherState.RUNNING, Duration.ofSeconds(30));
                String error = after.update().error().orElseThrow();
                System.out.println("registry fault " + f.name() + " -> " + after.state() + ": " + after.message() + " | update.error: " + error);
                assertTrue(f.expected().stream().anyMatch(error::contains), f.name() + ": " + error);
                assertTrue(after.message().contains("Could not check for updates"), after.message());
                assertFalse(error.contains("Exception"), "a sentence, not a stack trace: " + error);
                assertFalse(after.update().available(), "nothing offered on a failed check");
                assertEquals(container, after.container().orElseThrow().id(), "the same container");
                assertTrue(h.appAnswers(), "the app still answers with " + f.name());
                proxy.clearRules();
            }
            // The registry recovers: the update goes through the same proxy.
            assertEquals(202, h.post("/api/update", "").status());
            Status updated = h.await("the update after the faults", st -> st.state() == LauncherState.RUNNING
                    && st.image().flatMap(i -> i.digest()).equals(Optional.of(v2.digest())), Duration.ofSeconds(90));
            assertNotEquals(container, updated.container().orElseThrow().id());
            h.assertProjectUntouched(work);
        }
    }

    @Test
    void aManifestThatDoesNotMatchItsDigestIsRefusedAndNeverRun() throws Exception {
        Setup s = setup("mismatch");
        try (FaultProxy proxy = s.proxy(); FaultHarness h = new FaultHarness("mismatch", s.viaProxy())) {
            FixtureImages.PushedImage v1 = h.fixtures.pushApp(s.direct().withTag("latest"), "1.0.0", Mode.HEALTHY);
            // Every manifest fetched by content is one byte off, under the registry's true digest header.
            FaultProxy.Rule corrupt = proxy.when(r -> r.method().equals("GET") && r.manifest() && r.path().contains("sha256:")).corrupt();
            Map<String, String> work = h.writeWork();
            h.start();
            Status refused = h.await(LauncherState.ERROR, Duration.ofSeconds(60));
            System.out.println("digest mismatch at first start -> " + refused.message());
            assertTrue(refused.message().contains("does not match") || refused.message().contains("not used")
                    || refused.message().contains("whose digest is"), refused.message());
            assertTrue(corrupt.hits() > 0, "the corrupted manifest was served: " + proxy.log());
            assertFalse(h.containerExists(), "nothing was run");
            assertTrue(h.fixtures.cli().exec(null, "image", "inspect", s.viaProxy().withDigest(v1.digest()).toString()).exitCode() != 0,
                    "nothing was pulled under that name");
            h.assertProjectUntouched(work);

            // (Whether the engine itself would refuse it depends on what it has cached: with the same content already
            // on the machine it was seen to accept the pull. The launcher must never get that far, and does not.)

            // Once the registry serves the true manifest again, Restart runs it.
            corrupt.remove();
            assertEquals(202, h.post("/api/restart", "").status());
            Status ok = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            assertEquals(Optional.of(v1.digest()), ok.image().orElseThrow().digest());

            // An update whose manifest does not match: refused; the running app stays.
            String container = ok.container().orElseThrow().id();
            FixtureImages.PushedImage v2 = h.fixtures.pushApp(s.direct().withTag("latest"), "2.0.0", Mode.HEALTHY);
            proxy.when(r -> r.method().equals("GET") && r.path().endsWith("/manifests/" + v2.digest())).corrupt();
            assertEquals(202, h.post("/api/update", "").status());
            Status after = h.await("the refused update", st -> st.update().error().map(e -> e.contains("digest") || e.contains("not used")).orElse(false)
                    || st.message().contains("whose digest is"), Duration.ofSeconds(60));
            System.out.println("digest mismatch on update -> " + after.state() + ": " + after.message() + " | " + after.update());
            FaultHarness.sleep(2500); // a watch tick or two
            Status settled = h.launcher().status();
            assertEquals(container, settled.container().orElseThrow().id(), "the same container");
            assertEquals(Optional.of(v1.digest()), settled.image().orElseThrow().digest(), "still the old release");
            assertTrue(h.appAnswers(), "the old app still answers");
            assertTrue(h.inspectContainer().getState().getRunning());
            assertTrue(h.fixtures.cli().exec(null, "image", "inspect", s.viaProxy().withDigest(v2.digest()).toString()).exitCode() != 0,
                    "the mismatched release was not pulled");
            assertEquals(LauncherState.RUNNING, settled.state(), "the app runs, so the state says RUNNING: " + settled.message());
            h.assertProjectUntouched(work);
        }
    }

    /** A release with a layer of its own (random bytes), so pulling it downloads something. */
    static FixtureImages.PushedImage pushWithOwnLayer(FaultHarness h, ImageReference target, String version, int bytes) {
        try {
            Path context = Files.createTempDirectory("siplims-fault-layer");
            h.fixtures.writeAppContext(context, Mode.HEALTHY);
            byte[] noise = new byte[bytes];
            new Random(version.hashCode()).nextBytes(noise);
            Files.write(context.resolve("payload.bin"), noise);
            Files.writeString(context.resolve("Dockerfile"), Files.readString(context.resolve("Dockerfile")).replace("COPY entrypoint.sh",
                    "COPY payload.bin /payload.bin\nCOPY entrypoint.sh"));
            String id = h.fixtures.build(context, target, version);
            Digest digest = h.fixtures.push(target);
            return new FixtureImages.PushedImage(target, digest, id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Digest largestLayer(ImageReference pinned) {
        var manifest = RegistryClient.create().manifest(pinned).asImageManifest();
        return manifest.layers().stream().max(java.util.Comparator.comparingLong(l -> l.size())).orElseThrow().digest();
    }

    @Test
    void aPullCutOffHalfwayIsRetriedWhileTheOldAppServesAndAPullThatKeepsFailingChangesNothing() throws Exception {
        Setup s = setup("cutpull");
        try (FaultProxy proxy = s.proxy(); FaultHarness h = new FaultHarness("cutpull", s.viaProxy())) {
            FixtureImages.PushedImage v1 = h.fixtures.pushApp(s.direct().withTag("latest"), "1.0.0", Mode.HEALTHY);
            h.start();
            Status running = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
            String container = running.container().orElseThrow().id();
            Map<String, String> work = h.writeWork();

            // v2 has a 3 MB layer of its own, and is not on this computer: the update downloads it.
            FixtureImages.PushedImage v2 = pushWithOwnLayer(h, s.direct().withTag("latest"), "2.0.0-cut", 3 << 20);
            h.fixtures.removeLocal(v2.reference().toString());
            h.fixtures.removeLocal(v2.imageId());
            Digest layer = largestLayer(s.direct().withDigest(v2.digest()));
            FaultProxy.Rule cut = proxy.when(r -> r.fromEngine() && r.path().endsWith("/blobs/" + layer)).cutHalfway().times(1);
            h.seen.clear();
            assertEquals(202, h.post("/api/update", "").status());
            Status updated = h.await("the update despite the cut", st -> st.state() == LauncherState.RUNNING
                    && st.image().flatMap(i -> i.digest()).equals(Optional.of(v2.digest())), Duration.ofSeconds(120));
            assertEquals(1, cut.hits(), "the layer download was cut once: " + proxy.log());
            assertTrue(proxy.log().stream().filter(l -> l.contains("/blobs/" + layer)).count() >= 2, "and fetched again: " + proxy.log());
            assertTrue(h.seen.stream().anyMatch(st -> st.state() == LauncherState.PULLING && st.appUrl().isPresent()),
                    "the old version kept serving during the pull");
            assertNotEquals(container, updated.container().orElseThrow().id());
            h.assertProjectUntouched(work);

            // v3: every download of its manifest by the engine is cut off. The update fails after the launcher's retries;
            // v2 keeps running in the same container, and v3 is not on this computer.
            String v2container = updated.container().orElseThrow().id();
            FixtureImages.PushedImage v3 = pushWithOwnLayer(h, s.direct().withTag("latest"), "3.0.0-cut", 3 << 20);
            h.fixtures.removeLocal(v3.reference().toString());
            h.fixtures.removeLocal(v3.imageId());
            FaultProxy.Rule always = proxy.when(r -> r.fromEngine() && r.method().equals("GET") && r.path().endsWith("/manifests/" + v3.digest()))
                    .cutHalfway();
            Instant before = Instant.now();
            assertEquals(202, h.post("/api/update", "").status());
            Status failed = h.await("the failed download", st -> st.state() != LauncherState.PULLING && st.state() != LauncherState.CHECKING
                    && st.update().checkedAt().map(t -> t.isAfter(before)).orElse(false) && always.hits() >= 1
                    && st.message().contains("failed"), Duration.ofSeconds(120));
            FaultHarness.sleep(2500);
            Status settled = h.launcher().status();
            System.out.println("pull that keeps failing -> " + settled.state() + ": " + settled.message() + " (" + always.hits() + " cut downloads)");
            assertTrue(always.hits() >= 2, "the launcher retried the pull: " + always.hits());
            assertTrue(failed.message().contains(v3.digest().toString()) || failed.message().contains("Downloading"), failed.message());
            assertEquals(v2container, settled.container().orElseThrow().id(), "the same container");
            assertTrue(h.inspectContainer().getState().getRunning());
            assertTrue(h.appAnswers(), "the running app still answers");
            assertTrue(h.fixtures.cli().exec(null, "image", "inspect", s.viaProxy().withDigest(v3.digest()).toString()).exitCode() != 0,
                    "no half-pulled v3");
            assertEquals(0, h.fixtures.cli().exec(null, "image", "inspect", s.viaProxy().withDigest(v2.digest()).toString()).exitCode(),
                    "the image that runs is still there");
            assertEquals(LauncherState.RUNNING, settled.state(), "the app runs, so the state says RUNNING: " + settled.message());
            h.assertProjectUntouched(work);
            assertFalse(v1.digest().equals(v3.digest()));
        }
    }
}
