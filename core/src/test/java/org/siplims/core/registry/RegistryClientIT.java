package org.siplims.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.testing.DockerCli;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.core.testing.TokenServer;

/** The registry client against the three real registries of the test environment. */
class RegistryClientIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final FixtureImages images = new FixtureImages(env);
    private final RegistryFixtures fixtures = new RegistryFixtures(env, images);

    private static CredentialResolver anonymous() {
        return new CredentialResolver(Map.of(), Path.of("/nonexistent-home"), List.of());
    }

    /** The fixture busybox base copied into a fresh repository of {@code registry}, tagged "1". */
    private ImageReference baseIn(String registry, String prefix) {
        ImageReference repo = ImageReference.parse(registry + "/" + TestEnvironment.uniqueRepository(prefix));
        Manifest manifest = fixtures.copyImage(images.busyboxBase(), repo);
        ImageReference tagged = repo.withTag("1");
        fixtures.client().putManifest(tagged, manifest);
        return tagged;
    }

    @Test
    void headDigestEqualsTheDigestDockerPushReported() {
        FixtureImages.PushedImage app = images.pushApp("1.0.0");
        RegistryClient client = new RegistryClient(anonymous());

        assertEquals(app.digest(), client.digest(app.reference()));
        Manifest manifest = client.manifest(app.reference());
        assertEquals(app.digest(), manifest.digest());
        assertEquals(ManifestMediaTypes.DOCKER_MANIFEST, manifest.mediaType());
        // Fetched by digest, the body is checked against it.
        assertEquals(manifest, client.manifest(app.pinned()));
        ResolvedImage resolved = client.resolve(app.reference(), Platform.LINUX_AMD64);
        assertEquals(Platform.LINUX_AMD64, resolved.config().platform());
        // The engine's image ID is the config digest.
        assertEquals(app.imageId(), resolved.manifest().config().digest().toString());
    }

    @Test
    void digestOfAnImagePushedWithTheDockerCliToTheTokenRegistry() {
        TokenServer.ensureRunning();
        DockerCli cli = images.cli();
        DockerCli.Result login = cli.exec(new ByteArrayInputStream(env.basicPassword().getBytes(StandardCharsets.UTF_8)),
                "login", "-u", env.basicUsername(), "--password-stdin", env.tokenRegistry());
        assertEquals(0, login.exitCode(), login.stderr());
        ImageReference target = ImageReference.parse(env.tokenRegistry() + "/" + TestEnvironment.uniqueRepository("cli-push") + ":1");
        cli.run("tag", images.busyboxBase().toString(), target.toString());
        try {
            Digest pushed = images.push(target);
            // Anonymous pull token: how GHCR serves public images.
            assertEquals(pushed, new RegistryClient(anonymous()).digest(target));
        } finally {
            images.removeLocal(target.toString());
        }
    }

    @Test
    void anonymousAccessToTheTokenRegistryCanReadButNotWrite() {
        ImageReference image = baseIn(env.tokenRegistry(), "anon");
        RegistryClient client = new RegistryClient(anonymous());

        Digest digest = client.digest(image);
        assertEquals(digest, client.manifest(image).digest());
        assertEquals(List.of("1"), client.tags(image));
        assertEquals(Platform.LINUX_AMD64, client.resolve(image, Platform.LINUX_AMD64).config().platform());

        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class, () -> client.retag(image, "2"));
        assertTrue(e.getMessage().contains(env.tokenRegistry()), e.getMessage());
        assertTrue(e.hint().contains("docker login " + env.tokenRegistry()), e.hint());
    }

    @Test
    void authenticatedAccessToTheBasicRegistry() {
        ImageReference image = baseIn(env.basicRegistry(), "basic");
        RegistryClient client = new RegistryClient(anonymous().withExplicit(env.basicRegistry(), env.basicUsername(), env.basicPassword()));
        Digest digest = client.digest(image);
        assertEquals(digest, client.retag(image, "2"));
        assertEquals(List.of("1", "2"), client.tags(image).stream().sorted().toList());

        RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class,
                () -> new RegistryClient(anonymous()).digest(image));
        assertTrue(e.getMessage().contains("requires you to log in"), e.getMessage());
        assertTrue(e.hint().contains("docker login " + env.basicRegistry()), e.hint());
    }

    @Test
    void authenticatedAccessToTheTokenRegistryWithTheIdentityTokenDockerLoginStored() {
        TokenServer.ensureRunning();
        Path dockerConfig = Path.of(System.getProperty("java.io.tmpdir")).resolve("siplims-it-" + System.nanoTime());
        DockerCli cli = new DockerCli(dockerConfig);
        DockerCli.Result login = cli.exec(new ByteArrayInputStream(env.basicPassword().getBytes(StandardCharsets.UTF_8)),
                "login", "-u", env.basicUsername(), "--password-stdin", env.tokenRegistry());
        assertEquals(0, login.exitCode(), login.stderr());

        CredentialResolver resolver = new CredentialResolver(Map.of("DOCKER_CONFIG", dockerConfig.toString()), Path.of("/nonexistent-home"), List.of());
        Credentials found = resolver.resolve(env.tokenRegistry()).orElseThrow();
        assertTrue(found.identityToken(), found.toString());

        ImageReference image = baseIn(env.tokenRegistry(), "token-auth");
        RegistryClient client = new RegistryClient(resolver);
        Digest digest = client.digest(image);
        assertEquals(digest, client.retag(image, "stable"));
        assertEquals(digest, client.digest(image.withTag("stable")));
        client.deleteManifest(image.withDigest(digest));
        assertThrows(RegistryNotFoundException.class, () -> client.digest(image));
    }

    @Test
    void aCachedTokenTheRegistryRefusesIsReplacedOnce() {
        ImageReference image = baseIn(env.tokenRegistry(), "reauth");
        TokenCache cache = new TokenCache();
        RegistryClient client = new RegistryClient(anonymous(), RegistryClient.DEFAULT_REQUEST_TIMEOUT, cache);
        Digest digest = client.digest(image);
        String scope = "repository:" + image.repository() + ":pull";
        assertTrue(cache.get(image.registry(), scope).isPresent());

        // A token the cache still trusts but the registry refuses (as after a key rotation).
        cache.put(image.registry(), scope, "not-a-valid-token", Duration.ofMinutes(5));
        assertEquals(digest, client.digest(image));
        assertNotEquals("not-a-valid-token", cache.get(image.registry(), scope).orElseThrow());
    }

    @Test
    void aTagMovedByManifestPutWithoutPulling() {
        FixtureImages.PushedImage v1 = images.pushApp("1.0.0");
        ImageReference repo = v1.reference().repositoryOnly();
        FixtureImages.PushedImage v2 = images.pushApp(repo.withTag("2.0.0"), "2.0.0", FixtureImages.Mode.HEALTHY);
        // Nothing of this repository is left in the engine: a pull would bring it back.
        images.removeLocal(v1.imageId());
        images.removeLocal(v2.imageId());
        assertTrue(localImages(repo).isEmpty());

        RegistryClient client = new RegistryClient(anonymous());
        assertEquals(v1.digest(), client.retag(v1.reference(), "stable"));
        assertEquals(v1.digest(), client.digest(repo.withTag("stable")));
        assertEquals(v2.digest(), client.retag(v2.pinned(), "stable"));
        assertEquals(v2.digest(), client.digest(repo.withTag("stable")));

        assertTrue(localImages(repo).isEmpty(), "the engine pulled something: " + localImages(repo));
        assertNotEquals(0, images.cli().exec(null, "image", "inspect", v2.imageId()).exitCode());
    }

    private List<String> localImages(ImageReference repo) {
        String out = images.cli().run("images", "--format", "{{.Repository}}:{{.Tag}}", repo.name());
        return out.isBlank() ? List.of() : out.lines().toList();
    }

    @Test
    void platformSelectionFromATwoPlatformIndex() {
        ImageReference target = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("multi") + ":1.0.0");
        RegistryFixtures.PushedIndex index = fixtures.pushTwoPlatformApp(target, "1.0.0");
        RegistryClient client = new RegistryClient(anonymous());

        assertEquals(index.digest(), client.digest(target));
        Manifest top = client.manifest(target);
        assertTrue(top.isIndex());
        assertEquals(List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64), top.asManifestList().platforms());

        ResolvedImage arm = client.resolve(target, Platform.LINUX_ARM64);
        assertEquals(index.digest(), arm.digest());
        assertEquals(index.arm64(), arm.platformDigest());
        assertEquals(Platform.LINUX_ARM64, arm.config().platform());
        ResolvedImage amd = client.resolve(target, Platform.parse("linux/x86_64"));
        assertEquals(index.amd64(), amd.platformDigest());
        assertEquals(Platform.LINUX_AMD64, amd.config().platform());

        PlatformNotAvailableException e = assertThrows(PlatformNotAvailableException.class,
                () -> client.resolve(target, Platform.parse("linux/s390x")));
        assertTrue(e.getMessage().contains("linux/s390x") && e.getMessage().contains("linux/amd64, linux/arm64"), e.getMessage());
        // A single-platform image names its one platform too.
        PlatformNotAvailableException single = assertThrows(PlatformNotAvailableException.class,
                () -> client.resolve(target.withDigest(index.arm64()), Platform.LINUX_AMD64));
        assertEquals(List.of(Platform.LINUX_ARM64), single.available());
        assertEquals(List.of("1.0.0"), client.tags(target));
    }

    @Test
    void tagsArePagedThrough() {
        ImageReference image = baseIn(env.plainRegistry(), "paged");
        RegistryClient client = new RegistryClient(anonymous());
        Manifest manifest = client.manifest(image);
        List<String> expected = new ArrayList<>(List.of("1"));
        for (int i = 0; i < 7; i++) {
            client.putManifest(image.withTag("t" + i), manifest);
            expected.add("t" + i);
        }
        assertEquals(expected, client.tags(image, 3).stream().sorted().toList());
        assertEquals(expected, client.tags(image).stream().sorted().toList());
    }

    // ---- errors a person can act on --------------------------------------------------------------

    @Test
    void unreachableRegistry() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ImageReference ref = ImageReference.parse("127.0.0.1:" + port + "/it/nothing:1");
        RegistryUnreachableException e = assertThrows(RegistryUnreachableException.class,
                () -> new RegistryClient(anonymous()).digest(ref));
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), "names the registry: " + e.getMessage());
        assertFalse(e.hint().isBlank());
    }

    @Test
    void wrongPasswordOnBothAuthenticatedRegistries() {
        for (String registry : List.of(env.basicRegistry(), env.tokenRegistry())) {
            ImageReference image = baseIn(registry, "wrong-password");
            RegistryClient client = new RegistryClient(anonymous().withExplicit(registry, env.basicUsername(), "wrong-" + env.basicPassword()));
            RegistryUnauthorizedException e = assertThrows(RegistryUnauthorizedException.class, () -> client.digest(image));
            assertTrue(e.getMessage().contains(registry) && e.getMessage().contains(env.basicUsername()),
                    "names the registry and the user: " + e.getMessage());
            assertTrue(e.hint().contains("docker login " + registry), e.hint());
        }
    }

    @Test
    void unknownRepositoryAndUnknownTag() {
        RegistryClient client = new RegistryClient(anonymous());
        ImageReference missing = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("missing") + ":1");
        RegistryNotFoundException repo = assertThrows(RegistryNotFoundException.class, () -> client.digest(missing));
        assertTrue(repo.getMessage().contains(missing.repository()), "names the repository: " + repo.getMessage());
        assertThrows(RegistryNotFoundException.class, () -> client.tags(missing));

        ImageReference image = baseIn(env.plainRegistry(), "known");
        RegistryNotFoundException tag = assertThrows(RegistryNotFoundException.class, () -> client.digest(image.withTag("9.9")));
        assertTrue(tag.getMessage().contains("no tag '9.9'") && tag.getMessage().contains("its tags include 1"), tag.getMessage());
    }

    @Test
    void malformedReference() {
        var e = assertThrows(org.siplims.core.image.InvalidReferenceException.class,
                () -> ImageReference.parse(env.plainRegistry() + "/It/App:1"));
        assertTrue(e.getMessage().contains("lower case"), e.getMessage());
    }
}
