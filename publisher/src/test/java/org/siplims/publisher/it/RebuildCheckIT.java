package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.ResolvedImage;
import org.siplims.core.testing.DockerCli;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.testing.BuildxPublisher;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * {@code rebuild-check} on the default engine (Debian's Docker 20.10, the classic builder): the
 * classic builder stamps its creation times into the image, so a rebuild is never the same image
 * there; what the check must get right is which files differ, ignoring timestamps. On Docker
 * Engine 28 (containerd image store, buildx) the publisher builds with BuildKit, the commit's time
 * as SOURCE_DATE_EPOCH and rewritten file times: there the rebuild is the published image.
 */
class RebuildCheckIT {
    private static TestEnvironment.Engine docker28() {
        return TestEnvironment.get().engine("docker28")
                .orElseThrow(() -> new IllegalStateException("env.properties describes no docker28 engine: run scripts/test-env again."));
    }

    private static FixtureRepository docker28Repository() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        TestEnvironment.Engine engine = docker28();
        FixtureImages fixtures = new FixtureImages(env, new DockerCli(Files.createTempDirectory("siplims-docker-config"), engine.host()));
        return FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env));
    }

    @Test
    void onEngine28TheFixtureRebuiltFromItsCommitIsThePublishedImage() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureRepository repo = docker28Repository();
        repo.tag("1.0.0");
        String head = repo.head();
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("rebuild-bk"));
        PublisherRun publisher = BuildxPublisher.on(env, docker28());
        PublisherRun.Result published = publisher.run("publish", "--context", repo.dir().toString(), "--image", image.toString(),
                "--health-timeout", "30", "--json");
        assertEquals(0, published.exitCode(), published.toString());
        Digest digest = Digest.parse(published.json().path("digest").asText());
        // BuildKit with SOURCE_DATE_EPOCH: the image's creation time is the commit's, not the build's.
        ResolvedImage resolved = Registries.anonymous().resolve(image.withDigest(digest), Registries.enginePlatform(env));
        assertEquals(Optional.of(Instant.parse(FixtureRepository.COMMIT_DATE)), resolved.config().created());

        long start = System.nanoTime();
        PublisherRun.Result r = publisher.run("rebuild-check", "1.0.0", "--context", repo.dir().toString(), "--image", image.toString(), "--json");
        System.out.println("rebuild-check on docker28 took " + (System.nanoTime() - start) / 1_000_000 + " ms");

        assertEquals(0, r.exitCode(), r.toString());
        JsonNode platform = r.json().path("platforms").get(0);
        assertTrue(platform.path("reproducible").asBoolean(), r.out());
        assertEquals(digest.toString(), platform.path("publishedImage").asText(), "on the containerd image store the ID is the manifest digest");
        assertEquals(platform.path("publishedImage").asText(), platform.path("rebuiltImage").asText());
        assertEquals(0, platform.path("differingFiles").size(), r.out());
        assertEquals(head, repo.head(), "the maintainer's tree stays at its commit");
        assertEquals("", repo.git("status", "--porcelain"));
        assertEquals(1, repo.git("worktree", "list").lines().count(), "the temporary worktree is gone");
    }

    @Test
    void onEngine28ABuildStepThatWritesTheDateIsNamed() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureRepository repo = docker28Repository();
        repo.write("Dockerfile", repo.read("Dockerfile") + "RUN date > /etc/built-at && cat /proc/sys/kernel/random/uuid >> /etc/built-at\n");
        repo.commit("Record the build time");
        repo.tag("2.0.0");
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("rebuild-bk-date"));
        PublisherRun publisher = BuildxPublisher.on(env, docker28());
        assertEquals(0, publisher.run("publish", "--context", repo.dir().toString(), "--image", image.toString(), "--health-timeout", "30").exitCode());

        PublisherRun.Result r = publisher.run("rebuild-check", "2.0.0", "--context", repo.dir().toString(), "--image", image.toString());

        assertEquals(ExitCode.NOT_REPRODUCIBLE.code(), r.exitCode(), r.toString());
        assertEquals(List.of("etc/built-at"), differing(r).stream().map(RebuildCheckIT::path).toList(), r.out());
    }

    @Test
    void theFixtureRebuiltFromItsCommitHasTheSameFilesAndTheWorkingTreeIsUntouched() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureRepository repo = FixtureRepository.create(new FixtureImages(env), FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env));
        repo.tag("1.0.0");
        String head = repo.head();
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("rebuild"));
        PublisherRun publisher = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"));
        assertEquals(0, publisher.run("publish", "--context", repo.dir().toString(), "--image", image.toString(), "--health-timeout", "30").exitCode());

        PublisherRun.Result r = publisher.run("rebuild-check", "1.0.0", "--context", repo.dir().toString(), "--image", image.toString());

        assertEquals(ExitCode.NOT_REPRODUCIBLE.code(), r.exitCode(), r.toString());
        assertEquals(List.of(), differing(r), "no file differs: " + r.out());
        assertTrue(r.out().contains("only timestamps"), r.out());
        assertEquals(head, repo.head(), "the maintainer's tree stays at its commit");
        assertEquals("", repo.git("status", "--porcelain"));
        assertEquals(1, repo.git("worktree", "list").lines().count(), "the temporary worktree is gone");
    }

    @Test
    void aBuildStepThatWritesTheDateIsNamed() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureRepository repo = FixtureRepository.create(new FixtureImages(env), FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env));
        repo.write("Dockerfile", repo.read("Dockerfile") + "RUN date > /etc/built-at && cat /proc/sys/kernel/random/uuid >> /etc/built-at\n");
        repo.commit("Record the build time");
        repo.tag("2.0.0");
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("rebuild-date"));
        PublisherRun publisher = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"));
        assertEquals(0, publisher.run("publish", "--context", repo.dir().toString(), "--image", image.toString(), "--health-timeout", "30").exitCode());
        repo.write("later.txt", "a later change, not in the release\n");
        repo.commit("Later work");

        PublisherRun.Result r = publisher.run("rebuild-check", "2.0.0", "--context", repo.dir().toString(), "--image", image.toString());

        assertEquals(ExitCode.NOT_REPRODUCIBLE.code(), r.exitCode(), r.toString());
        List<String> files = differing(r);
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).contains("etc/built-at") && files.get(0).contains("different content"), files.toString());
        assertTrue(r.err().contains("etc/built-at"), "the error names it too: " + r.err());
    }

    /** The file a report line names: {@code differs: layer 5: etc/built-at (different content)} gives {@code etc/built-at}. */
    private static String path(String line) {
        String rest = line.substring(line.lastIndexOf(": ") + 2);
        return rest.contains(" (") ? rest.substring(0, rest.indexOf(" (")) : rest;
    }

    /** The report's lines naming a differing file. */
    private static List<String> differing(PublisherRun.Result r) {
        return r.out().lines().map(String::strip).filter(l -> l.startsWith("differs: ")).toList();
    }
}
