package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * {@code rebuild-check} on the default engine (Debian's Docker 20.10, the classic builder): the
 * classic builder stamps its creation times into the image, so a rebuild is never the same image
 * there; what the check must get right is which files differ, ignoring timestamps.
 */
class RebuildCheckIT {
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

    /** The report's lines naming a differing file. */
    private static List<String> differing(PublisherRun.Result r) {
        return r.out().lines().map(String::strip).filter(l -> l.startsWith("differs: ")).toList();
    }
}
