package org.siplims.publisher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.testing.DockerCli;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.core.testing.faults.DedicatedEngine;
import org.siplims.core.testing.faults.FaultProxy;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * Faults in the middle of a release that the publisher's other tests do not cover: the registry
 * refusing the credentials halfway through the push, the connection to it cut while a tag is
 * written, and the Docker engine stopped in the middle of the build (a dedicated engine of the
 * test's own). Each: the right exit code, a clear message, the channel tag not moved, no test
 * container left.
 */
class PublisherFaultsIT {
    private static TestEnvironment env;
    private static FixtureImages fixtures;
    private static Platform platform;
    private static RegistryClient registry;

    @BeforeAll
    static void setUp() {
        env = TestEnvironment.get();
        fixtures = new FixtureImages(env);
        platform = Registries.enginePlatform(env);
        registry = Registries.anonymous();
    }

    private static PublisherRun publisher() throws Exception {
        return new PublisherRun(Files.createTempDirectory("siplims-publisher-fault-state"));
    }

    private static void assertNoContainerOf(ImageReference tagged) {
        DockerCli cli = fixtures.cli();
        String id = cli.exec(null, "image", "inspect", "--format", "{{.Id}}", tagged.toString()).stdout().trim();
        if (!id.isEmpty()) {
            assertEquals("", cli.run("ps", "-a", "-q", "--filter", "ancestor=" + id), "no test container of " + tagged + " left");
        }
    }

    @Test
    void credentialsRefusedMidPushOrTheConnectionCutLeaveTheChannelWhereItWas() throws Exception {
        try (FaultProxy proxy = new FaultProxy(env.plainRegistry())) {
            String path = TestEnvironment.uniqueRepository("pubfault");
            ImageReference viaProxy = ImageReference.parse(proxy.hostPort() + "/" + path);
            ImageReference direct = ImageReference.parse(env.plainRegistry() + "/" + path);
            FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
            repo.tag("1.0.0");
            PublisherRun publisher = publisher();
            PublisherRun.Result first = publisher.run("publish", "--context", repo.dir().toString(), "--image", viaProxy.toString(),
                    "--health-timeout", "30");
            assertEquals(0, first.exitCode(), first.toString());
            Digest released = registry.digest(direct.withTag("latest"));

            // 2.0.0: the registry accepts the layers and the version tags, then refuses the credentials for the channel tag.
            repo.write("entrypoint.sh", repo.read("entrypoint.sh") + "# 2.0.0\n").commit("2.0.0");
            repo.tag("2.0.0");
            FaultProxy.Rule refuse = proxy.when(r -> r.method().equals("PUT") && r.path().endsWith("/manifests/latest"))
                    .status(401, Map.of("WWW-Authenticate", "Basic realm=\"fault-proxy\""));
            PublisherRun.Result refused = publisher.run("publish", "--context", repo.dir().toString(), "--image", viaProxy.toString(),
                    "--health-timeout", "30");
            System.out.println("credentials refused mid-push -> exit " + refused.exitCode());
            assertEquals(6, refused.exitCode(), refused.toString());
            assertTrue(refuse.hits() >= 1, proxy.log().toString());
            assertTrue(refused.err().contains("latest"), "names the tag that failed: " + refused.err());
            assertTrue(refused.err().toLowerCase().contains("log in") || refused.err().toLowerCase().contains("auth")
                    || refused.err().toLowerCase().contains("credentials"), refused.err());
            assertFalse(refused.err().contains("\tat "), "no stack trace");
            assertEquals(released, registry.digest(direct.withTag("latest")), "the channel tag was not moved");
            assertNoContainerOf(viaProxy.withTag("2.0.0"));

            // 3.0.0: the connection is cut while the version tag's manifest is written.
            proxy.clearRules();
            repo.write("entrypoint.sh", repo.read("entrypoint.sh") + "# 3.0.0\n").commit("3.0.0");
            repo.tag("3.0.0");
            FaultProxy.Rule cut = proxy.when(r -> r.method().equals("PUT") && r.path().endsWith("/manifests/3.0.0")).dropAnswer();
            PublisherRun.Result cutOff = publisher.run("publish", "--context", repo.dir().toString(), "--image", viaProxy.toString(),
                    "--health-timeout", "30");
            System.out.println("connection cut mid-push -> exit " + cutOff.exitCode());
            assertEquals(6, cutOff.exitCode(), cutOff.toString());
            assertTrue(cut.hits() >= 1, proxy.log().toString());
            assertTrue(cutOff.err().contains("Pushing") || cutOff.err().contains("push"), cutOff.err());
            assertEquals(released, registry.digest(direct.withTag("latest")), "the channel tag was not moved");
            assertNoContainerOf(viaProxy.withTag("3.0.0"));

            // The registry behaves again: the same command publishes 3.0.0.
            proxy.clearRules();
            PublisherRun.Result again = publisher.run("publish", "--context", repo.dir().toString(), "--image", viaProxy.toString(),
                    "--health-timeout", "30");
            assertEquals(0, again.exitCode(), again.toString());
            assertFalse(released.equals(registry.digest(direct.withTag("latest"))), "now the channel moves");
        }
    }

    @Test
    void theEngineStoppedInTheMiddleOfTheBuildFailsItWithNothingPushed() throws Exception {
        try (DedicatedEngine engine = new DedicatedEngine(0)) {
            FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
            String dockerfile = repo.read("Dockerfile");
            repo.write("Dockerfile", dockerfile.replaceFirst("\n", "\nRUN sleep 60\n")).commit("A slow step");
            repo.tag("1.0.0");
            ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("enginestop"));
            PublisherRun publisher = publisher().env("DOCKER_HOST", engine.host().toString());
            CompletableFuture<PublisherRun.Result> run = CompletableFuture.supplyAsync(() -> publisher.run("publish", "--context",
                    repo.dir().toString(), "--image", image.toString(), "--health-timeout", "30"));
            // Wait for the slow step's container, then stop the engine under the build.
            boolean building = false;
            for (int i = 0; i < 900 && !building && !run.isDone(); i++) {
                building = !engine.docker("ps", "-q").stdout().isBlank();
                Thread.sleep(100);
            }
            assertTrue(building, "the build reached its RUN step: " + (run.isDone() ? run.get().toString() : engine.log()));
            engine.stop();
            PublisherRun.Result r = run.get(180, TimeUnit.SECONDS);
            System.out.println("engine stopped mid-build -> exit " + r.exitCode());
            assertEquals(4, r.exitCode(), r.toString());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertTrue(r.err().toLowerCase().contains("build"), r.err());
            Registries.assertNothingPushed(registry, image);
            engine.start();
            assertEquals("", engine.docker("ps", "-q").stdout().trim(), "no container left running on the engine");
        }
    }
}
