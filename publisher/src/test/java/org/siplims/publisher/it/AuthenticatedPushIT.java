package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * Publishing to the registry that requires a login (htpasswd): the password from stdin or the
 * environment, never an argument, and never in any output; a wrong one is refused with exit 6.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthenticatedPushIT {
    private static TestEnvironment env;
    private static FixtureRepository repo;
    private static ImageReference image;
    private static PublisherRun publisher;
    private static RegistryClient registry;

    @BeforeAll
    static void setUp() throws Exception {
        env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        Platform platform = Registries.enginePlatform(env);
        repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.tag("4.0.0");
        image = ImageReference.parse(env.basicRegistry() + "/" + TestEnvironment.uniqueRepository("auth"));
        publisher = new PublisherRun(Files.createTempDirectory("siplims-publisher-state"));
        registry = Registries.basicAuth(env);
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedWithoutShowingItAndNothingIsPushed() {
        String wrong = "not-the-password-" + System.nanoTime();
        PublisherRun.Result r = publisher.stdin(wrong + "\n").run("publish", "--context", repo.dir().toString(), "--image", image.toString(),
                "--username", env.basicUsername(), "--password-stdin", "--health-timeout", "30");
        assertEquals(6, r.exitCode(), r.toString());
        assertTrue(r.err().contains("rejected the credentials for user '" + env.basicUsername() + "' from the command line"), r.err());
        assertFalse(r.err().contains(wrong) || r.out().contains(wrong), "the password never appears");
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    @Order(2)
    void withoutCredentialsThePushAsksForALogin() {
        PublisherRun.Result r = publisher.stdin("").run("push", "--context", repo.dir().toString(), "--image", image.toString());
        assertEquals(6, r.exitCode(), r.toString());
        assertTrue(r.err().contains("requires you to log in"), r.err());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    @Order(3)
    void thePasswordFromStdinPublishes() {
        PublisherRun.Result r = publisher.stdin(env.basicPassword() + "\n").run("publish", "--context", repo.dir().toString(),
                "--image", image.toString(), "--username", env.basicUsername(), "--password-stdin", "--health-timeout", "30", "--json");
        assertEquals(0, r.exitCode(), r.toString());
        Digest digest = Digest.parse(r.json().path("digest").asText());
        assertEquals(digest, registry.digest(image.withTag("4.0.0")));
        assertEquals(digest, registry.digest(image.withTag("latest")));
        assertFalse(r.err().contains(env.basicPassword()) || r.out().contains(env.basicPassword()), "the password never appears");
    }

    @Test
    @Order(4)
    void credentialsFromTheEnvironmentReadTheReleases() {
        PublisherRun.Result r = publisher.stdin("").env("REGISTRY_USERNAME", env.basicUsername()).env("REGISTRY_PASSWORD", env.basicPassword())
                .run("releases", "--context", repo.dir().toString(), "--image", image.toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.json().path("releases").size());
        assertEquals("4.0.0", r.json().path("releases").get(0).path("version").asText());
        assertTrue(r.json().path("releases").get(0).path("channel").asBoolean());
    }

    @Test
    @Order(5)
    void aRegistryThatDoesNotAnswerFailsThePushWithExitSix() {
        ImageReference nowhere = ImageReference.parse("127.0.0.1:5599/" + TestEnvironment.uniqueRepository("down"));
        PublisherRun.Result r = publisher.stdin("").run("push", "--context", repo.dir().toString(), "--image", nowhere.toString());
        assertEquals(6, r.exitCode(), r.toString());
        assertTrue(r.err().contains("Cannot reach the registry 127.0.0.1:5599"), r.err());
    }
}
