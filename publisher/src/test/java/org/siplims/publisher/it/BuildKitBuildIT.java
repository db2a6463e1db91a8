package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.testing.DockerCli;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.build.Builders;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.testing.BuildxPublisher;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * The builder's choice and failures on the real engines: BuildKit on Engine 28 names a failing step
 * with its output like the classic builder does; the classic builder can be forced there; BuildKit
 * asked for where it cannot be used is refused before anything is built.
 */
class BuildKitBuildIT {
    private static TestEnvironment.Engine docker28() {
        return TestEnvironment.get().engine("docker28")
                .orElseThrow(() -> new IllegalStateException("env.properties describes no docker28 engine: run scripts/test-env again."));
    }

    private static FixtureImages docker28Fixtures() throws Exception {
        return new FixtureImages(TestEnvironment.get(), new DockerCli(Files.createTempDirectory("siplims-docker-config"), docker28().host()));
    }

    private static ImageReference freshImage(String prefix) {
        return ImageReference.parse(TestEnvironment.get().plainRegistry() + "/" + TestEnvironment.uniqueRepository(prefix));
    }

    @Test
    void onEngine28ABuildKitFailureNamesTheStepAndShowsItsLastLines() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureRepository repo = FixtureRepository.create(docker28Fixtures(), FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env));
        repo.write("Dockerfile", repo.read("Dockerfile").replace("EXPOSE 8501", "RUN echo installing the app && exit 7\nEXPOSE 8501"))
                .commit("Broken step");
        ImageReference image = freshImage("buildkit-broken");

        PublisherRun.Result r = BuildxPublisher.on(env, docker28()).run("publish", "--context", repo.dir().toString(),
                "--image", image.toString(), "--version", "4.2.0");

        assertEquals(ExitCode.BUILD.code(), r.exitCode(), r.toString());
        assertTrue(r.err().contains("RUN echo installing the app && exit 7"), r.err());
        assertTrue(r.err().contains("| installing the app"), r.err());
        Registries.assertNothingPushed(Registries.anonymous(), image);
    }

    @Test
    void onEngine28TheClassicBuilderCanBeForced() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = docker28Fixtures();
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env));
        repo.tag("1.0.0");
        ImageReference image = freshImage("buildkit-forced-classic");

        PublisherRun.Result r = BuildxPublisher.on(env, docker28()).env(Builders.SETTING, "classic")
                .run("build", "--context", repo.dir().toString(), "--image", image.toString());

        assertEquals(0, r.exitCode(), r.toString());
        // The classic builder stamps the build's time into the image; BuildKit would have put the commit's.
        String created = fixtures.cli().run("image", "inspect", "--format", "{{.Created}}", image.withTag("1.0.0").toString()).strip();
        assertNotEquals(Instant.parse(FixtureRepository.COMMIT_DATE), Instant.parse(created));
        fixtures.removeLocal(image.withTag("1.0.0").toString());
    }

    @Test
    void buildKitAskedForWhereItCannotBeUsedIsRefusedAndNothingIsBuiltOrPushed() {
        TestEnvironment env = TestEnvironment.get();
        FixtureRepository repo = FixtureRepository.create(new FixtureImages(env), FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env));
        repo.tag("1.0.0");
        ImageReference image = freshImage("buildkit-refused");

        PublisherRun.Result r = BuildxPublisher.on(env, env.defaultEngine()).env(Builders.SETTING, "buildkit")
                .run("publish", "--context", repo.dir().toString(), "--image", image.toString());

        assertEquals(ExitCode.BUILD.code(), r.exitCode(), r.toString());
        assertTrue(r.err().contains(Builders.SETTING), r.err());
        Registries.assertNothingPushed(Registries.anonymous(), image);
        assertEquals("", new FixtureImages(env).cli().run("images", "-q", image.name()).strip(), "nothing was built");
    }
}
