package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * Everything {@code publish} must refuse, on the real engine and registry: each refusal has its
 * exit code and a message that names the problem, and nothing reaches the registry.
 */
class RefusalsIT {
    private static TestEnvironment env;
    private static FixtureImages fixtures;
    private static Platform platform;
    private static PublisherRun publisher;
    private static RegistryClient registry;

    @BeforeAll
    static void setUp() throws Exception {
        env = TestEnvironment.get();
        fixtures = new FixtureImages(env);
        platform = Registries.enginePlatform(env);
        publisher = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"));
        registry = Registries.anonymous();
    }

    private static ImageReference freshImage() {
        return ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("refused"));
    }

    private static PublisherRun.Result publish(FixtureRepository repo, ImageReference image, String... extra) {
        List<String> args = new ArrayList<>(List.of("publish", "--context", repo.dir().toString(), "--image", image.toString()));
        args.addAll(List.of(extra));
        return publisher.run(args.toArray(String[]::new));
    }

    private static String floatingDockerfile(FixtureRepository repo) {
        String pinned = fixtures.busyboxBase().toString();
        String floating = fixtures.busyboxBase().repositoryOnly().withTag("1").toString();
        return repo.read("Dockerfile").replace(pinned, floating);
    }

    private static String otherPlatformSubdir() {
        return platform.architecture().equals("arm64") ? "linux-64" : "linux-aarch64";
    }

    /** Issue 16, finding 10: a commit without a version tag is not published under a hash's name. */
    @Test
    void anUntaggedCommitIsRefusedWithHowToTagIt() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image);
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("has no version tag") && r.err().contains("git tag -a 1.4.0 -m"), r.err());
        assertFalse(r.err().contains("build: "), "nothing built: " + r.err());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void aFloatingBaseIsRefusedNamingTheLine() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("Dockerfile", floatingDockerfile(repo)).commit("Floating base");
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image);
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("Dockerfile:1: FROM " + fixtures.busyboxBase().repositoryOnly().withTag("1")), r.err());
        assertTrue(r.err().contains("nothing was built"), r.err());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void anUnpinnedRequirementIsRefusedWithItsLineNumber() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("requirements-lock.txt", "numpy==2.0.2\nstreamlit>=1.50\npandas\n").commit("Loose requirements");
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image);
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("requirements-lock.txt:2") && r.err().contains("streamlit>=1.50"), "file, line and entry: " + r.err());
        assertTrue(r.err().contains("requirements-lock.txt:3") && r.err().contains("pandas"), "file, line and entry: " + r.err());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void aCondaLockForAnotherPlatformIsRefusedNamingBoth() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("conda-lock.txt", FixtureRepository.condaLock(otherPlatformSubdir())).commit("Lock from another machine");
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image);
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("locked for " + otherPlatformSubdir()), r.err());
        assertTrue(r.err().contains("but the image is built for " + platform), r.err());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void aDirtyTreeIsRefusedNamingTheChangedFiles() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("entrypoint.sh", repo.read("entrypoint.sh") + "# uncommitted edit\n").write("notes.txt", "scratch\n");
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image);
        assertEquals(3, r.exitCode(), r.toString());
        assertTrue(r.err().contains("entrypoint.sh") && r.err().contains("notes.txt"), "names the changed files: " + r.err());
        assertTrue(r.err().contains("--allow-dirty"), r.err());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void allProblemsAreReportedTogetherEachWithItsFix() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("Dockerfile", floatingDockerfile(repo))
                .write("requirements-lock.txt", "streamlit\n")
                .write("conda-lock.txt", FixtureRepository.condaLock(otherPlatformSubdir()));
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image, "--json");
        assertEquals(3, r.exitCode(), r.toString());
        JsonNode problems = r.json().path("problems");
        List<String> where = new ArrayList<>();
        problems.forEach(p -> {
            where.add(p.path("where").asText());
            assertTrue(!p.path("fix").asText().isBlank(), "every problem has a fix: " + p);
        });
        assertEquals(List.of("Dockerfile:1", "conda-lock.txt", "requirements-lock.txt:1", "git"), where, r.out());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void anEngineThatDoesNotAnswerIsReportedWithTheOtherProblems() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("requirements-lock.txt", "streamlit\n");
        PublisherRun.Result r = new PublisherRun(repo.dir().resolve(".state-unused"))
                .env("DOCKER_HOST", "unix://" + repo.dir().resolve("no-engine.sock"))
                .run("check", "--context", repo.dir().toString(), "--json");
        assertEquals(3, r.exitCode(), r.toString());
        List<String> where = new ArrayList<>();
        r.json().path("problems").forEach(p -> where.add(p.path("where").asText()));
        assertEquals(List.of("Docker", "requirements-lock.txt:1", "git"), where, r.out());
        assertTrue(r.err().contains("Docker is not running"), r.err());
        assertTrue(r.err().contains("fix: Start Docker Desktop"), r.err());
    }

    @Test
    void allowDirtyBuildsAndMarksTheReleaseDirty() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.tag("2.0.0").write("notes.txt", "work in progress\n");
        ImageReference image = freshImage();
        PublisherRun.Result r = publisher.run("build", "--context", repo.dir().toString(), "--image", image.toString(), "--allow-dirty", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("2.0.0-dirty", r.json().path("version").asText());
        assertTrue(r.json().path("dirty").asBoolean());
        String imageId = r.json().path("imageId").asText();
        Map<String, String> labels = env.docker().inspectImageCmd(imageId).exec().getConfig().getLabels();
        assertEquals("true", labels.get(ReleaseLabels.DIRTY));
        assertEquals("2.0.0-dirty", labels.get(ReleaseLabels.VERSION));
        assertEquals(repo.head(), labels.get(ReleaseLabels.COMMIT));
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void anAppWhoseHealthNeverAnswersFailsTheTestsWithItsLastLogLines() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.NEVER_HEALTHY, platform);
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image, "--health-timeout", "4", "--version", "4.0.0");
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("/_stcore/health") && r.err().contains("404"), "the path and its last answer: " + r.err());
        assertTrue(r.err().contains("| fixture app"), "the container's last lines: " + r.err());
        assertTrue(r.err().contains("nothing was pushed"), r.err());
        Registries.assertNothingPushed(registry, image);
        assertNoTestContainersLeft();
    }

    @Test
    void anAppThatCrashesFailsTheTestsWithItsOutput() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.CRASHES, platform);
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image, "--health-timeout", "20", "--version", "4.1.0");
        assertEquals(5, r.exitCode(), r.toString());
        assertTrue(r.err().contains("the container stopped with status 3"), r.err());
        assertTrue(r.err().contains("| fixture app: simulated crash"), r.err());
        Registries.assertNothingPushed(registry, image);
        assertNoTestContainersLeft();
    }

    @Test
    void theConfigsTestCommandsRunInsideTheImageAndAFailingOneFailsTheTests() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("publisher.json", "{\"testCommands\": [{\"name\": \"project folder mounted\", \"run\": [\"/bin/sh\", \"-c\", "
                + "\"test -d /data && touch /data/probe && echo mounted\"]}]}").commit("Test commands");
        ImageReference image = freshImage();
        PublisherRun.Result built = publisher.run("build", "--context", repo.dir().toString(), "--image", image.toString());
        assertEquals(0, built.exitCode(), built.toString());
        PublisherRun.Result passed = publisher.run("test", "--context", repo.dir().toString(), "--json");
        assertEquals(0, passed.exitCode(), passed.toString());
        List<String> tests = new ArrayList<>();
        passed.json().path("tests").forEach(t -> tests.add(t.asText()));
        assertEquals(3, tests.size(), tests.toString());
        assertTrue(tests.get(2).startsWith("'project folder mounted' exited 0"), tests.toString());

        repo.write("publisher.json", "{\"testCommands\": [{\"name\": \"app tests\", \"run\": [\"/bin/sh\", \"-c\", "
                + "\"echo 2 tests failed; exit 4\"]}]}");
        PublisherRun.Result failed = publisher.run("test", "--context", repo.dir().toString());
        assertEquals(5, failed.exitCode(), failed.toString());
        assertTrue(failed.err().contains("'app tests'") && failed.err().contains("status 4"), "the test and its exit status: " + failed.err());
        assertTrue(failed.err().contains("| 2 tests failed"), failed.err());
        assertNoTestContainersLeft();
    }

    @Test
    void aBuildFailureNamesTheStepAndShowsItsLastLines() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.write("Dockerfile", repo.read("Dockerfile").replace("EXPOSE 8501", "RUN echo installing the app && exit 7\nEXPOSE 8501"))
                .commit("Broken step");
        ImageReference image = freshImage();
        PublisherRun.Result r = publish(repo, image, "--version", "4.2.0");
        assertEquals(4, r.exitCode(), r.toString());
        assertTrue(r.err().contains("RUN echo installing the app && exit 7"), r.err());
        assertTrue(r.err().contains("| installing the app"), r.err());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void pushRefusesAnImageWithoutAPassingTestRecord() {
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.tag("3.0.0");
        ImageReference image = freshImage();
        PublisherRun.Result built = publisher.run("build", "--context", repo.dir().toString(), "--image", image.toString());
        assertEquals(0, built.exitCode(), built.toString());
        PublisherRun.Result pushed = publisher.run("push", "--context", repo.dir().toString(), "--image", image.toString());
        assertEquals(5, pushed.exitCode(), pushed.toString());
        assertTrue(pushed.err().contains("has no passing test record"), pushed.err());
        Registries.assertNothingPushed(registry, image);
    }

    private static void assertNoTestContainersLeft() {
        String left = fixtures.cli().run("ps", "-a", "-q", "--filter", "label=org.siplims.publisher.test");
        assertEquals("", left, "test containers must be removed");
    }
}
