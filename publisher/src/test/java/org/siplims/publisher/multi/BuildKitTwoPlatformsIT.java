package org.siplims.publisher.multi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestList;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.BuildxPublisher;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * A two-platform release on Docker Engine 28 (containerd image store, buildx): each platform is
 * built with BuildKit (arm64 under QEMU), loaded, tested by its ID and pushed under one index, and
 * the registry serves each child under the very digest the engine built (the image ID there).
 */
class BuildKitTwoPlatformsIT {
    @Test
    void onEngine28EachPlatformIsBuiltWithBuildKitPushedUnderTheDigestItWasBuiltAsAndRebuildsTheSame() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        TestEnvironment.Engine docker28 = env.engine("docker28")
                .orElseThrow(() -> new IllegalStateException("env.properties describes no docker28 engine: run scripts/test-env again."));
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("two-platforms-bk"));
        FixtureRepository repo = TwoPlatformFixture.repository("{\"testCommands\": [" + PublishTwoPlatformsIT.OWN_LOCK_TEST
                + "], \"healthTimeoutSeconds\": 120}\n");
        repo.tag("1.0.0");
        PublisherRun publisher = BuildxPublisher.on(env, docker28);

        Instant start = Instant.now();
        PublisherRun.Result r = publisher.run("publish", "--context", repo.dir().toString(), "--image", image.toString(), "--json");
        System.out.println("Two-platform publish with BuildKit on docker28 took " + Duration.between(start, Instant.now()).toSeconds() + " s");

        assertEquals(0, r.exitCode(), r.toString());
        Instant commitTime = java.time.OffsetDateTime.parse(repo.git("log", "-1", "--format=%cI").strip()).toInstant();
        RegistryClient registry = Registries.anonymous();
        ManifestList list = registry.manifest(image.withDigest(Digest.parse(r.json().path("digest").asText()))).asManifestList();
        for (Platform platform : List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64)) {
            JsonNode reported = null;
            for (JsonNode p : r.json().path("platforms")) {
                if (p.path("platform").asText().equals(platform.toString())) {
                    reported = p;
                }
            }
            assertTrue(reported != null, r.out());
            Digest child = list.select(platform).orElseThrow().digest();
            // On the containerd image store the tested image's ID is its manifest digest: the push kept it.
            assertEquals(child.toString(), reported.path("imageId").asText(), platform.toString());
            Manifest manifest = registry.manifest(image.withDigest(child));
            var config = registry.config(image, manifest.asImageManifest());
            assertTrue(config.platform().matches(platform), config.platform().toString());
            // BuildKit with SOURCE_DATE_EPOCH: the creation time is the commit's, not the build's.
            assertEquals(Optional.of(commitTime), config.created(), platform.toString());
        }

        // rebuild-check rebuilds every platform of the index (arm64 under QEMU) and finds each bit-for-bit the same.
        PublisherRun.Result check = publisher.run("rebuild-check", "1.0.0", "--context", repo.dir().toString(), "--image", image.toString(),
                "--json");
        assertEquals(0, check.exitCode(), check.toString());
        JsonNode checked = check.json().path("platforms");
        assertEquals(2, checked.size(), check.out());
        java.util.Set<String> platforms = new java.util.HashSet<>();
        for (JsonNode p : checked) {
            platforms.add(p.path("platform").asText());
            assertTrue(p.path("reproducible").asBoolean(), p.toString());
            assertEquals(list.select(Platform.parse(p.path("platform").asText())).orElseThrow().digest().toString(),
                    p.path("rebuiltImage").asText(), "the rebuild is the published child: " + p);
        }
        assertEquals(java.util.Set.of("linux/amd64", "linux/arm64"), platforms);
    }
}
