package org.siplims.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
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
                String published = cli.run("port", name, "8501/tcp").lines().findFirst().orElseThrow();
                assertEquals(200, waitForHealth(URI.create("http://" + published + "/_stcore/health")));
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

    private static int waitForHealth(URI health) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int status = 0;
        // Emulated busybox starts in well under a second, but give slow CI machines time.
        for (int i = 0; i < 150 && status != 200; i++) {
            try {
                status = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
            if (status != 200) {
                Thread.sleep(100);
            }
        }
        return status;
    }
}
