package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.ImageSigner;
import org.siplims.core.signing.RollbackRecord;
import org.siplims.core.signing.RollbackRecords;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.RegistryFixtures.PushedIndex;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * Signed two-platform releases (an index with a linux/amd64 and a linux/arm64 image, the index and
 * each image signed by the maintainer, as the publisher does) on this AMD64 machine, with a launcher
 * that trusts the maintainer's key. The launcher pulls the amd64 image by its own digest and runs it
 * natively; forced with --platform linux/arm64 it runs the arm64 image under QEMU; it updates to the
 * next two-platform release and follows the channel back; a release whose amd64 image is signed by
 * another key is refused.
 *
 * <p>The methods run in any order: each works with the release the channel names when it starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoPlatformLaunchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private LauncherHarness h;
    private ImageReference latest;
    private RegistryClient client;
    private SignatureStore store;
    private SigningKey maintainer;
    private String run;

    @BeforeAll
    void aLauncherRunsASignedTwoPlatformRelease() throws Exception {
        h = new LauncherHarness("twoplat");
        run = "-" + h.containerName.substring(h.containerName.lastIndexOf('-') + 1);
        latest = h.repository.withTag("latest");
        maintainer = SigningKeys.generate();
        client = new RegistryFixtures(h.env).client();
        store = new SignatureStore(client);
        push("1.0.0", maintainer);
        Files.createDirectories(h.settings);
        SigningKeys.writePublicKey(maintainer.publicKey(), h.settings.resolve("trusted-keys.pem"));
        h.start();
        h.await(LauncherState.RUNNING, Duration.ofSeconds(120));
    }

    @AfterAll
    void quit() {
        h.close();
    }

    @Test
    void theAmd64ImageRunsNativelyThenUpdatesAndFollowsTheChannelBack() throws Exception {
        Digest before = runningDigest();
        assertRunsNativeImageOf(before);

        PushedIndex next = push("2.0.0", maintainer);
        Status updated = update(next.digest());
        assertTrue(updated.image().orElseThrow().verification().verified(), updated.image().toString());
        assertRunsNativeImageOf(next.digest());

        // The maintainer withdraws 2.0.0 as `publisher rollback` does: the signed rollback record (the
        // indexes' digests), then the channel tag goes back to the release before. Without the record
        // the launcher would refuse to go back (DowngradeIT).
        new RollbackRecords(client).attach(maintainer, RollbackRecord.of(h.repository, "2.0.0" + run, next.digest(), "1.0.0" + run, before));
        client.putManifest(latest, client.manifest(h.repository.withDigest(before)));
        update(before);
        assertRunsNativeImageOf(before);
        assertTrue(h.appAnswers());
    }

    @Test
    void aReleaseWhoseAmd64ImageIsSignedByAnotherKeyIsRefused() throws Exception {
        Digest running = runningDigest();
        String container = h.launcher().status().container().orElseThrow().id();
        SigningKey stranger = SigningKeys.generate();
        PushedIndex bad = fixtures().pushTwoPlatformApp(latest, "3.0.0" + run);
        store.attach(new ImageSigner(maintainer).sign(h.repository, bad.digest()));
        store.attach(new ImageSigner(maintainer).sign(h.repository, bad.arm64()));
        store.attach(new ImageSigner(stranger).sign(h.repository, bad.amd64()));
        try {
            assertEquals(202, h.post("/api/update", "").status());
            Status refused = h.await("the update refused", s -> s.update().error().isPresent()
                    && s.update().remoteDigest().equals(Optional.of(bad.digest())), Duration.ofSeconds(60));
            assertTrue(refused.update().error().orElseThrow().contains(bad.amd64().shortForm()), refused.update().error().toString());
            assertFalse(refused.update().available());
            Status after = h.await(LauncherState.RUNNING, Duration.ofSeconds(30));
            assertEquals(Optional.of(running), after.image().orElseThrow().digest());
            assertEquals(container, after.container().orElseThrow().id(), "the running version was not replaced");
            String refusedImage = h.repository.repositoryOnly().withDigest(bad.amd64()).toString();
            assertTrue(h.env.docker().listImagesCmd().exec().stream()
                    .flatMap(i -> i.getRepoDigests() == null ? Stream.<String>empty() : Stream.of(i.getRepoDigests()))
                    .noneMatch(refusedImage::equals), "the refused image was not downloaded");
        } finally {
            // Back to the release that ran, so that the other method starts from a signed release.
            client.putManifest(latest, client.manifest(h.repository.withDigest(running)));
        }
    }

    @Test
    void forcedToArm64TheArm64ImageRunsUnderEmulation() throws Exception {
        Digest channel = client.digest(latest);
        Digest arm64 = childOf(channel, "arm64");
        try (LauncherHarness forced = new LauncherHarness("twoplat-arm", h.repository)) {
            Files.createDirectories(forced.settings);
            SigningKeys.writePublicKey(maintainer.publicKey(), forced.settings.resolve("trusted-keys.pem"));
            forced.start(o -> o.withPlatform(Optional.of(Platform.LINUX_ARM64)));
            Status s = forced.await(LauncherState.RUNNING, Duration.ofSeconds(120));
            assertTrue(s.image().orElseThrow().emulated(), s.message());
            String imageId = forced.inspectContainer().getImageId();
            assertEquals("arm64", forced.env.docker().inspectImageCmd(imageId).exec().getArch());
            assertEquals(configOf(arm64), imageId);
            JsonNode image = JSON.readTree(forced.get("/api/status").body()).get("image");
            assertEquals("emulated (linux/arm64 on an amd64 computer)", image.get("runs").asText(), image.toString());
            assertTrue(forced.appAnswers());
        }
    }

    private RegistryFixtures fixtures() {
        return new RegistryFixtures(h.env, h.fixtures);
    }

    /** A two-platform release on the channel, its index and both images signed by {@code key}. */
    private PushedIndex push(String version, SigningKey key) {
        PushedIndex index = fixtures().pushTwoPlatformApp(latest, version + run);
        for (Digest d : new Digest[] {index.digest(), index.amd64(), index.arm64()}) {
            store.attach(new ImageSigner(key).sign(h.repository, d, version + run)); // as the publisher signs: with the version
        }
        return index;
    }

    private Digest runningDigest() {
        return h.launcher().status().image().orElseThrow().digest().orElseThrow();
    }

    private Status update(Digest to) {
        assertEquals(202, h.post("/api/update", "").status());
        return h.await("RUNNING on " + to.shortForm(), s -> s.state() == LauncherState.RUNNING
                && s.image().flatMap(i -> i.digest()).equals(Optional.of(to)), Duration.ofSeconds(90));
    }

    /** The container runs the amd64 image of the release {@code index}, natively, and the status says so. */
    private void assertRunsNativeImageOf(Digest index) throws Exception {
        String imageId = h.inspectContainer().getImageId();
        assertEquals(configOf(childOf(index, "amd64")), imageId);
        assertEquals("amd64", h.env.docker().inspectImageCmd(imageId).exec().getArch());
        JsonNode image = JSON.readTree(h.get("/api/status").body()).get("image");
        assertEquals("native", image.get("runs").asText(), image.toString());
        assertEquals(index.toString(), image.get("digest").asText());
        assertTrue(image.get("verified").asBoolean(), image.toString());
    }

    private Digest childOf(Digest index, String architecture) throws Exception {
        JsonNode manifests = JSON.readTree(client.manifest(h.repository.withDigest(index)).bytes()).get("manifests");
        for (JsonNode m : manifests) {
            if (m.get("platform").get("architecture").asText().equals(architecture)) {
                return Digest.parse(m.get("digest").asText());
            }
        }
        throw new AssertionError("no " + architecture + " image in " + index);
    }

    /** The image ID the engine gives the image: its config's digest. */
    private String configOf(Digest image) {
        return client.manifest(h.repository.withDigest(image)).asImageManifest().config().digest().toString();
    }
}
