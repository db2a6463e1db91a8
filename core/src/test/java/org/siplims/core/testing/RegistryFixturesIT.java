package org.siplims.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siplims.core.docker.Readiness;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;

/** The images pushed through the registry API really run: the arm64 app under QEMU, from a two-platform index. */
class RegistryFixturesIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final FixtureImages images = new FixtureImages(env);
    private final RegistryFixtures fixtures = new RegistryFixtures(env, images);

    @Test
    void arm64AppFromATwoPlatformIndexPrintsItsVersionAndAnswersHealth() throws Exception {
        assertTrue(env.arm64Emulation(), "arm64 emulation is not registered here: run scripts/test-env");
        ImageReference target = ImageReference.parse(env.tokenRegistry() + "/" + TestEnvironment.uniqueRepository("arm-app") + ":2.1.0");
        RegistryFixtures.PushedIndex index = fixtures.pushTwoPlatformApp(target, "2.1.0");
        assertEquals(Platform.LINUX_ARM64, fixtures.client().resolve(target, Platform.LINUX_ARM64).config().platform());

        // Anonymous pulls from the token registry, as the launcher does from GHCR.
        DockerCli cli = images.cli();
        String pinned = index.pinned().toString();
        try {
            String version = cli.run("run", "--rm", "--platform", "linux/arm64", pinned, "--version");
            assertTrue(version.contains("2.1.0"), version);
            assertEquals("aarch64", cli.run("run", "--rm", "--platform", "linux/arm64", "--entrypoint", "uname", pinned, "-m"));
            // Docker 20.10 will not run one reference for another platform than the local copy's: drop it first.
            images.removeLocal(pinned);
            assertEquals("x86_64", cli.run("run", "--rm", "--platform", "linux/amd64", "--entrypoint", "uname", pinned, "-m"));
            images.removeLocal(pinned);

            String name = TestEnvironment.uniqueContainerName("arm-app");
            cli.run("run", "-d", "--init", "--platform", "linux/arm64", "--name", name, "-p", "127.0.0.1::8501", pinned);
            try {
                // Emulated busybox starts in well under a second, but give slow CI machines time.
                Readiness.Outcome outcome = env.awaitReady(name, 8501, "/_stcore/health", Duration.ofSeconds(30));
                assertInstanceOf(Readiness.Ready.class, outcome, outcome::toString);
            } finally {
                cli.exec(null, "rm", "-f", name);
            }
        } finally {
            images.removeLocal(pinned);
        }
    }

    @Test
    void arm64AppCarriesTheGivenLabels() {
        ImageReference target = ImageReference.parse(env.basicRegistry() + "/" + TestEnvironment.uniqueRepository("arm-labels") + ":1");
        FixtureImages.PushedImage pushed = fixtures.pushArm64App(target, "1", FixtureImages.Mode.HEALTHY, Map.of("org.example.a", "b"));
        var config = fixtures.client().resolve(pushed.pinned(), Platform.LINUX_ARM64).config();
        assertEquals("b", config.labels().get("org.example.a"));
        assertEquals(pushed.imageId(), fixtures.client().manifest(pushed.pinned()).asImageManifest().config().digest().toString());
    }
}
