package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.concurrent.ConcurrentHashMap;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.ResolvedImage;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.testing.DockerCli;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.SharedFixture;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.BuildxPublisher;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * A release's life on the real engine and plain registry: publish 1.0.0, publish it again, pull it
 * fresh, verify it, catch a tag that moved, publish 1.1.0, roll the channel back to 1.0.0 without
 * pulling, and list both releases. The two slow steps are shared fixtures, made once by whichever
 * method needs them first, so the methods run in any order: the first release, and the second
 * release (made in a second working tree, so this repository's HEAD stays at 1.0.0) with the
 * channel rolled back to the first.
 */
class PublishIT {
    private static final RegistryClient registry = Registries.anonymous();
    private static final Map<String, SharedFixture<World>> WORLDS = new ConcurrentHashMap<>();
    private static final Map<String, SharedFixture<FirstRelease>> FIRSTS = new ConcurrentHashMap<>();
    private static final String SECOND_NOTES = "1.1.0: a change\n\nThe \"export\" button is back.";
    private static final Map<String, SharedFixture<RolledBack>> ROLLED_BACKS = new ConcurrentHashMap<>();

    /**
     * One engine's release history: its own fixtures, working tree (HEAD tagged 1.0.0), repository
     * in the plain registry and publisher state.
     */
    private record World(TestEnvironment.Engine engine, FixtureImages fixtures, DockerCli cli, Platform platform, FixtureRepository repo,
                         ImageReference image, PublisherRun publisher, String firstCommit) {
        PublisherRun.Result publish(FixtureRepository context) {
            return publisher.run("publish", "--context", context.dir().toString(), "--image", image.toString(), "--health-timeout", "30", "--json");
        }
    }

    /** The first publish, and the image ID the local 1.0.0 tag had right after it. */
    private record FirstRelease(PublisherRun.Result result, Digest digest, String imageId, String localImageId) {
    }

    /** 1.1.0 published after the first release, then the channel rolled back to 1.0.0 with no image of the repository in the engine. */
    private record RolledBack(String secondCommit, PublisherRun.Result published, String localImagesBefore, PublisherRun.Result rollback,
                              String localImagesAfter) {
    }

    static List<TestEnvironment.Engine> engines() {
        return TestEnvironment.everyEngine();
    }

    private static World world(TestEnvironment.Engine engine) {
        return WORLDS.computeIfAbsent(engine.name(), n -> SharedFixture.of(() -> {
            TestEnvironment env = TestEnvironment.get();
            FixtureImages fixtures = new FixtureImages(env, new DockerCli(Files.createTempDirectory("siplims-docker-config"), engine.host()));
            Platform platform;
            try (var client = env.client(engine)) {
                var v = client.versionCmd().exec();
                platform = new Platform(v.getOperatingSystem(), v.getArch());
            }
            FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
            repo.tag("1.0.0");
            ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("publish-" + engine.name()));
            // As on a maintainer's machine: on Engine 28 the docker command with buildx is there, so publish builds with BuildKit.
            PublisherRun publisher = BuildxPublisher.on(env, engine);
            return new World(engine, fixtures, fixtures.cli(), platform, repo, image, publisher, repo.head());
        })).get();
    }

    private static World defaultWorld() {
        return world(TestEnvironment.get().defaultEngine());
    }

    private static FirstRelease first(World w) {
        return FIRSTS.computeIfAbsent(w.engine().name(), n -> SharedFixture.of(() -> {
            PublisherRun.Result r = w.publish(w.repo());
            if (r.exitCode() != 0) {
                throw new IllegalStateException("The first publish failed on " + w.engine() + ": " + r);
            }
            return new FirstRelease(r, Digest.parse(r.json().path("digest").asText()), r.json().path("imageId").asText(),
                    w.fixtures().imageId(w.image().withTag("1.0.0")));
        })).get();
    }

    private static RolledBack rolledBack(World w) {
        return ROLLED_BACKS.computeIfAbsent(w.engine().name(), n -> SharedFixture.of(() -> {
            first(w);
            FixtureRepository next = w.repo().worktree("next");
            next.write("CHANGES.md", "1.1.0: a change\n");
            String second = next.commit("Second release");
            next.tag("1.1.0", SECOND_NOTES);
            PublisherRun.Result published = w.publish(next);
            if (published.exitCode() != 0) {
                throw new IllegalStateException("The second publish failed on " + w.engine() + ": " + published);
            }
            // No image of this repository is left in the engine: a pull would show.
            for (String local : w.cli().run("images", "--no-trunc", "--format", "{{.ID}}", w.image().name()).lines().toList()) {
                w.fixtures().removeLocal(local);
            }
            String before = w.cli().run("images", "-q", w.image().name());
            PublisherRun.Result rollback = w.publisher().run("rollback", "1.0.0", "--context", w.repo().dir().toString(),
                    "--image", w.image().toString(), "--json");
            return new RolledBack(second, published, before, rollback, w.cli().run("images", "-q", w.image().name()));
        })).get();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void publishPushesTheTestedImageUnderVersionCommitAndChannelTags(TestEnvironment.Engine engine) throws Exception {
        World w = world(engine);
        FixtureRepository repo = w.repo();
        ImageReference image = w.image();
        String firstCommit = w.firstCommit();
        Platform platform = w.platform();

        PublisherRun.Result r = first(w).result();
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode json = r.json();
        Digest firstDigest = first(w).digest();
        String firstImageId = first(w).imageId();
        String shaTag = "sha-" + firstCommit.substring(0, 7);
        assertEquals("1.0.0", json.path("version").asText());
        assertEquals(firstCommit, json.path("commit").asText());
        assertEquals(false, json.path("dirty").asBoolean());
        assertEquals(FixtureRepository.COMMIT_DATE, json.path("buildDate").asText());
        assertEquals(List.of("1.0.0", shaTag, "latest"), texts(json.path("tags")));
        assertEquals("docker pull " + image.withDigest(firstDigest), json.path("pull").asText());
        assertTrue(json.path("tests").size() >= 2, json.toString());

        // The registry itself: every tag gives the same digest, whose config is the tested image.
        for (String tag : List.of("1.0.0", shaTag, "latest")) {
            assertEquals(firstDigest, registry.digest(image.withTag(tag)), tag);
        }
        ResolvedImage resolved = registry.resolve(image.withDigest(firstDigest), platform);
        // The image ID is the engine's own name for it: the config digest, except on the containerd
        // image store (Docker Engine 28 here), where it is the manifest digest.
        String engineImageId = engine.name().equals("docker28") ? firstDigest.toString() : resolved.manifest().config().digest().toString();
        assertEquals(engineImageId, firstImageId);
        assertEquals(first(w).localImageId(), firstImageId, "the local tag is the image that was tested and pushed");
        Map<String, String> labels = resolved.config().labels();
        assertEquals("1.0.0", labels.get(ReleaseLabels.VERSION));
        assertEquals(firstCommit, labels.get(ReleaseLabels.COMMIT));
        assertEquals(FixtureRepository.COMMIT_DATE, labels.get(ReleaseLabels.BUILD_DATE));
        assertEquals("false", labels.get(ReleaseLabels.DIRTY));
        assertEquals(null, labels.get(ReleaseLabels.NOTES), "a lightweight tag has no release notes");
        assertEquals(Digest.of(Files.readAllBytes(repo.dir().resolve("conda-lock.txt"))).hex(), labels.get(ReleaseLabels.CONDA_LOCK_SHA256));
        assertEquals(Digest.of(Files.readAllBytes(repo.dir().resolve("requirements-lock.txt"))).hex(),
                labels.get(ReleaseLabels.REQUIREMENTS_LOCK_SHA256));
        assertEquals(json.path("condaLockSha256").asText(), labels.get(ReleaseLabels.CONDA_LOCK_SHA256));

        // The human report, on stderr with --json: one screen, with the line a user runs.
        assertTrue(r.err().contains(image.withTag("1.0.0").familiar()), r.err());
        assertTrue(r.err().contains(image.withDigest(firstDigest).toString()), "the line a user runs: " + r.err());
        assertTrue(r.err().contains("step 1/"), "build progress per step: " + r.err());

        // No signing key configured: published, and said loudly to be unsigned, with no signature tag.
        assertEquals("unsigned", json.path("signature").path("status").asText(), json.toString());
        assertTrue(r.err().contains("UNSIGNED"), r.err());
        assertFalse(registry.tags(image).stream().anyMatch(t -> t.endsWith(".sig")), "no signature tag: " + registry.tags(image));
    }

    @Test
    void publishingTheSameCommitAgainChangesNothing() {
        World w = defaultWorld();
        FixtureImages fixtures = w.fixtures();
        FixtureRepository repo = w.repo();
        ImageReference image = w.image();
        String firstCommit = w.firstCommit();

        Digest firstDigest = first(w).digest();
        String firstImageId = first(w).imageId();
        List<String> tagsBefore = registry.tags(image);
        PublisherRun.Result again = w.publish(repo);
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(firstDigest.toString(), again.json().path("digest").asText());
        assertEquals(firstDigest, registry.digest(image.withTag("latest")));

        // Rebuilt from scratch (the local image gone), the build gets another ID: still harmless.
        fixtures.removeLocal(image.withTag("1.0.0").toString());
        fixtures.removeLocal(firstImageId);
        PublisherRun.Result rebuilt = w.publish(repo);
        assertEquals(0, rebuilt.exitCode(), rebuilt.toString());
        assertTrue(rebuilt.json().path("alreadyPublished").asBoolean(), rebuilt.out());
        assertEquals(firstDigest.toString(), rebuilt.json().path("digest").asText());
        assertTrue(rebuilt.err().contains(firstCommit.substring(0, 7)), "names the commit released before: " + rebuilt.err());
        assertEquals("unsigned", rebuilt.json().path("signature").path("status").asText(), rebuilt.out());
        for (String tag : List.of("1.0.0", "sha-" + firstCommit.substring(0, 7), "latest")) {
            assertEquals(firstDigest, registry.digest(image.withTag(tag)), tag);
        }
        assertEquals(tagsBefore, registry.tags(image), "no tag added");
    }

    @Test
    void aFreshPullRunsTheReleasedVersion() {
        World w = defaultWorld();
        FixtureImages fixtures = w.fixtures();
        DockerCli cli = w.cli();
        ImageReference image = w.image();
        String firstCommit = w.firstCommit();

        Digest firstDigest = first(w).digest();
        String firstImageId = first(w).imageId();
        fixtures.removeLocal(image.withTag("1.0.0").toString());
        fixtures.removeLocal(firstImageId);
        String pinned = image.withDigest(firstDigest).toString();
        cli.run("pull", pinned);
        assertEquals(firstImageId, fixtures.imageId(image.withDigest(firstDigest)));
        String version = cli.run("run", "--rm", pinned, "--version");
        assertTrue(version.contains("1.0.0") && version.contains(firstCommit), version);
        fixtures.removeLocal(pinned);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void verifyPullsTheChannelByDigestAndTestsItAgain(TestEnvironment.Engine engine) {
        World w = world(engine);
        FixtureRepository repo = w.repo();
        ImageReference image = w.image();
        PublisherRun publisher = w.publisher();
        String firstCommit = w.firstCommit();

        Digest firstDigest = first(w).digest();
        String firstImageId = first(w).imageId();
        PublisherRun.Result r = publisher.run("verify", "--context", repo.dir().toString(), "--image", image.toString(),
                "--health-timeout", "30", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode json = r.json();
        assertEquals(firstDigest.toString(), json.path("digest").asText());
        assertEquals(firstImageId, json.path("imageId").asText());
        assertTrue(texts(json.path("tags")).containsAll(List.of("1.0.0", "sha-" + firstCommit.substring(0, 7), "latest")));
        assertTrue(texts(json.path("tests")).stream().anyMatch(t -> t.contains("answered 200")), json.toString());
        assertTrue(r.err().contains(image.withDigest(firstDigest).familiar()), "names what it pulls: " + r.err());
    }

    @Test
    void verifyFailsNamingATagThatPointsAtAnotherImage() {
        World w = defaultWorld();
        FixtureImages fixtures = w.fixtures();
        FixtureRepository repo = w.repo();
        ImageReference image = w.image();
        PublisherRun publisher = w.publisher();
        String firstCommit = w.firstCommit();

        Digest firstDigest = first(w).digest();
        String shaTag = "sha-" + firstCommit.substring(0, 7);
        FixtureImages.PushedImage intruder = fixtures.pushApp(image.withTag(shaTag), "6.6.6", FixtureImages.Mode.HEALTHY);
        try {
            PublisherRun.Result r = publisher.run("verify", "1.0.0", "--context", repo.dir().toString(), "--image", image.toString(), "--json");
            assertEquals(6, r.exitCode(), r.toString());
            assertTrue(r.json().path("error").asText().contains(shaTag), r.out());
            assertTrue(r.json().path("error").asText().contains(intruder.digest().toString()), r.out());
        } finally {
            registry.retag(image.withDigest(firstDigest), shaTag);
        }
        assertEquals(firstDigest, registry.digest(image.withTag(shaTag)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void rollbackPointsTheChannelAtAnEarlierDigestWithoutPulling(TestEnvironment.Engine engine) {
        World w = world(engine);
        FixtureRepository repo = w.repo();
        ImageReference image = w.image();
        PublisherRun publisher = w.publisher();
        Platform platform = w.platform();

        Digest firstDigest = first(w).digest();
        RolledBack state = rolledBack(w);
        PublisherRun.Result r = state.published();
        Digest secondDigest = Digest.parse(r.json().path("digest").asText());
        assertNotEquals(firstDigest, secondDigest);
        assertEquals(state.secondCommit(), r.json().path("commit").asText());
        // The annotated tag's message is the release notes, in a label.
        assertEquals(SECOND_NOTES, ReleaseLabels.decodeNotes(registry.resolve(image.withDigest(secondDigest), platform).config().labels()
                .get(ReleaseLabels.NOTES)));
        assertEquals("", state.localImagesBefore(), "no image of this repository in the engine before the rollback");

        PublisherRun.Result rollback = state.rollback();
        assertEquals(0, rollback.exitCode(), rollback.toString());
        assertEquals(firstDigest, registry.digest(image.withTag("latest")));
        assertEquals(secondDigest.toString(), rollback.json().path("before").asText());
        assertEquals(secondDigest, registry.digest(image.withTag("1.1.0")), "the version tags stay where they were");
        assertFalse(rollback.json().path("signatureTag").asBoolean(true), rollback.out());
        assertTrue(rollback.err().contains("WARNING") && rollback.err().contains("1.0.0"), "warns that 1.0.0 is unsigned: " + rollback.err());
        assertEquals("", state.localImagesAfter(), "nothing was pulled");

        PublisherRun.Result missing = publisher.run("rollback", "0.9.0", "--context", repo.dir().toString(), "--image", image.toString());
        assertEquals(2, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("0.9.0"), "names the version it did not find: " + missing.err());
        assertEquals(firstDigest, registry.digest(image.withTag("latest")));
    }

    @Test
    void releasesListsBothAndWhichOneTheChannelPointsAt() {
        World w = defaultWorld();
        FixtureRepository repo = w.repo();
        ImageReference image = w.image();
        PublisherRun publisher = w.publisher();
        String firstCommit = w.firstCommit();

        Digest firstDigest = first(w).digest();
        rolledBack(w);
        PublisherRun.Result r = publisher.run("releases", "--context", repo.dir().toString(), "--image", image.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        JsonNode releases = r.json().path("releases");
        assertEquals(2, releases.size(), r.out());
        JsonNode newest = releases.get(0);
        JsonNode oldest = releases.get(1);
        assertEquals("1.1.0", newest.path("version").asText());
        assertEquals("1.0.0", oldest.path("version").asText());
        assertEquals(firstDigest.toString(), oldest.path("digest").asText());
        assertEquals(firstCommit, oldest.path("commit").asText());
        assertEquals(FixtureRepository.COMMIT_DATE, oldest.path("buildDate").asText());
        assertTrue(oldest.path("channel").asBoolean());
        assertEquals(false, newest.path("channel").asBoolean());
        assertEquals(List.of("1.0.0", "sha-" + firstCommit.substring(0, 7), "latest"), texts(oldest.path("tags")));
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("* 1.0.0")), "the table marks the channel's release:\n" + r.err());
        assertEquals("absent_not_checked", oldest.path("signature").path("status").asText(), r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("* 1.0.0") && l.contains(" no ")), "unsigned in the table:\n" + r.err());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }
}
