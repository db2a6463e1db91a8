package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.ImageSignature;
import org.siplims.core.signing.ImageSigner;
import org.siplims.core.signing.SignatureLayer;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.trust.Verification;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.FixtureImages.PushedImage;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * Signed releases against the real registry, with one launcher that trusts the maintainer's key
 * (a {@code trusted-keys.pem} in its settings folder) and runs a signed release 1.0. Each test then
 * moves the channel tag to a new release with one kind of bad signature and asks for the update:
 * it is refused, nothing is downloaded, and the verified release running before keeps serving.
 * One test publishes a properly signed release, which is applied.
 *
 * <p>The methods run in any order: each compares with the release running when it starts (1.0, or
 * the properly signed update once that test has run), never with a release another method made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedUpdateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private LauncherHarness h;
    private String run;
    private ImageReference latest;
    private SigningKey maintainer;
    private SigningKey stranger;
    private SignatureStore store;
    private PushedImage v1;

    @BeforeAll
    void aLauncherRunsASignedRelease() throws Exception {
        h = new LauncherHarness("signupd");
        run = "-" + h.containerName.substring(h.containerName.lastIndexOf('-') + 1);
        latest = h.repository.withTag("latest");
        maintainer = SigningKeys.generate();
        stranger = SigningKeys.generate();
        RegistryClient client = new RegistryFixtures(h.env).client();
        store = new SignatureStore(client);

        v1 = h.fixtures.pushApp(latest, "1.0.0" + run, Mode.HEALTHY);
        store.attach(new ImageSigner(maintainer).sign(h.repository, v1.digest()));
        Files.createDirectories(h.settings);
        SigningKeys.writePublicKey(maintainer.publicKey(), h.settings.resolve("trusted-keys.pem"));
        h.start();
        h.await(LauncherState.RUNNING, Duration.ofSeconds(90));
    }

    @AfterAll
    void quit() {
        h.close();
    }

    @Test
    void aSignedReleaseIsVerifiedAndRun() throws Exception {
        Status s = h.launcher().status();
        Digest running = s.image().orElseThrow().digest().orElseThrow();
        Verification v = s.image().orElseThrow().verification();
        assertEquals(Verification.Kind.VERIFIED, v.kind(), v.message());
        assertEquals(Optional.of(maintainer.keyId().toString()), v.keyId());

        JsonNode image = JSON.readTree(h.get("/api/status").body()).get("image");
        assertTrue(image.get("verified").asBoolean(), image.toString());
        assertEquals(maintainer.keyId().toString(), image.get("verifiedBy").asText());
        assertEquals("verified", image.get("signature").asText());
        // Remembered, so the same digest runs again without asking the registry (restart, offline).
        String remembered = Files.readString(h.settings.resolve("verified-releases.json"));
        assertTrue(remembered.contains(running.toString()) && remembered.contains(maintainer.keyId().toString()), remembered);
    }

    @Test
    void anUnsignedDigestMovedOntoTheChannelIsRefusedWhileTheOldVersionKeepsRunning() throws Exception {
        Digest verified = h.launcher().status().image().orElseThrow().digest().orElseThrow();
        PushedImage unsigned = newRelease("2.0.0");
        Status refused = refusedUpdate(unsigned, "is not signed");
        assertTrue(refused.update().error().orElseThrow().contains(SignatureStore.signatureTag(unsigned.digest())),
                refused.update().error().toString());

        // Restarted, the launcher still runs the last verified release, and says why.
        String before = refused.container().orElseThrow().id();
        assertEquals(202, h.post("/api/restart", "").status());
        Status again = h.await("RUNNING again on a new container", s -> s.state() == LauncherState.RUNNING
                && s.container().map(c -> !c.id().equals(before)).orElse(false), Duration.ofSeconds(60));
        assertEquals(Optional.of(verified), again.image().orElseThrow().digest());
        assertTrue(again.image().orElseThrow().verification().verified());
        assertEquals(Optional.of(unsigned.digest()), again.update().remoteDigest(), "the refused release is still the channel's");
        assertFalse(again.update().available());
        assertAppAnswers();
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        PushedImage release = newRelease("3.0.0");
        store.attach(new ImageSigner(stranger).sign(h.repository, release.digest()));
        refusedUpdate(release, "does not verify with any trusted key");
    }

    @Test
    void aSignatureCopiedFromAnotherDigestIsRefused() throws Exception {
        PushedImage release = newRelease("4.0.0");
        // 1.0's genuine signature manifest, stored under the new digest's signature tag.
        store.put(h.repository, release.digest(), store.fetch(h.repository, v1.digest()).orElseThrow());
        refusedUpdate(release, "copied onto this digest");
    }

    @Test
    void aSignatureByTheTrustedKeyForAnotherRepositoryIsRefused() throws Exception {
        PushedImage release = newRelease("5.0.0");
        ImageReference elsewhere = ImageReference.parse(h.env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("elsewhere"));
        ImageSignature signature = new ImageSigner(maintainer).sign(elsewhere, release.digest());
        store.put(h.repository, release.digest(), List.of(signature.layer()));
        refusedUpdate(release, "for the repository " + elsewhere.name());
    }

    @Test
    void aPayloadAlteredAfterSigningIsRefused() throws Exception {
        PushedImage release = newRelease("6.0.0");
        // Someone with push rights rewrites 1.0's signed payload to name the new digest, keeping the signature.
        SignatureLayer original = store.fetch(h.repository, v1.digest()).orElseThrow().get(0);
        byte[] edited = new String(original.payload(), StandardCharsets.UTF_8)
                .replace(v1.digest().hex(), release.digest().hex()).getBytes(StandardCharsets.UTF_8);
        store.put(h.repository, release.digest(), List.of(SignatureLayer.of(edited, original.signature().orElseThrow())));
        refusedUpdate(release, "does not verify with any trusted key");
    }

    @Test
    void aPayloadChangedInTheRegistrysStorageIsRefused() throws Exception {
        PushedImage release = newRelease("7.0.0");
        ImageSignature signature = new ImageSigner(maintainer).sign(h.repository, release.digest());
        store.attach(signature);
        // One character of the stored payload changed behind the registry's back (same length).
        String hex = Digest.of(signature.payload()).hex();
        Path data = h.env.stateDir().resolve("plain-data/docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
        assertTrue(Files.isRegularFile(data), "the plain registry stores blobs at " + data);
        String tampered = new String(Files.readAllBytes(data), StandardCharsets.UTF_8).replace("\"optional\":null", "\"optional\":nul ");
        assertEquals(signature.payload().length, tampered.length());
        Files.writeString(data, tampered);
        refusedUpdate(release, "does not match");
    }

    @Test
    void aProperlySignedUpdateIsAppliedAndShownVerified() throws Exception {
        PushedImage release = newRelease("8.0.0");
        store.attach(new ImageSigner(maintainer).sign(h.repository, release.digest()));
        assertEquals(202, h.post("/api/update", "").status());
        Status updated = h.await("RUNNING on the signed release", s -> s.state() == LauncherState.RUNNING
                && s.image().flatMap(i -> i.digest()).equals(Optional.of(release.digest())), Duration.ofSeconds(60));
        assertEquals(Optional.of(maintainer.keyId().toString()), updated.image().orElseThrow().verification().keyId());
        assertEquals(release.pinned().toString(), h.inspectContainer().getConfig().getImage());
        assertFalse(updated.update().available());
        assertTrue(updated.update().error().isEmpty(), updated.update().error().toString());
        JsonNode image = JSON.readTree(h.get("/api/status").body()).get("image");
        assertEquals("verified", image.get("signature").asText());
        assertAppAnswers();
    }

    /** A new release pushed onto the channel tag; removed locally, as a user's machine would not have it. */
    private PushedImage newRelease(String version) {
        PushedImage release = h.fixtures.pushApp(latest, version + run, Mode.HEALTHY);
        h.fixtures.removeLocal(release.imageId());
        return release;
    }

    /** Asks for the update to {@code release} and checks it is refused, nothing downloaded, and 1.0 keeps serving. */
    private Status refusedUpdate(PushedImage release, String why) throws Exception {
        Status before = h.launcher().status();
        String container = before.container().orElseThrow().id();
        Digest running = before.image().orElseThrow().digest().orElseThrow();
        assertEquals(202, h.post("/api/update", "").status());
        Status s = h.await("the update to " + release.digest().shortForm() + " refused",
                st -> st.update().remoteDigest().equals(Optional.of(release.digest())) && st.update().error().isPresent()
                        && st.message().contains(release.digest().shortForm()), Duration.ofSeconds(30));

        assertEquals(LauncherState.RUNNING, s.state(), s.message());
        assertEquals(Optional.of(running), s.image().orElseThrow().digest(), "the running version is unchanged");
        assertTrue(s.image().orElseThrow().verification().verified());
        assertEquals(container, s.container().orElseThrow().id(), "the container was not touched");
        assertEquals(Optional.of(release.digest()), s.update().remoteDigest());
        assertFalse(s.update().available(), "a refused release is not offered");
        assertTrue(s.update().error().orElse("").contains(why), s.update().error().toString());
        assertNotEquals(0, h.fixtures.cli().exec(null, "image", "inspect", release.pinned().toString()).exitCode(),
                "nothing was downloaded");
        JsonNode json = JSON.readTree(h.get("/api/status").body());
        assertEquals("verified", json.get("image").get("signature").asText(), "the running image is still the verified one");
        assertTrue(json.get("update").get("error").asText().contains(why), json.toString());
        assertAppAnswers();
        return s;
    }

    private void assertAppAnswers() throws Exception {
        assertEquals(200, HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.appPort + "/_stcore/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode(), "the app still answers");
    }
}
