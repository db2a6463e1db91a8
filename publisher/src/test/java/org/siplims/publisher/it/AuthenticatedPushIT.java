package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.SharedFixture;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * Publishing to the registry that requires a login (htpasswd): the password from stdin or the
 * environment, never an argument, and never in any output; a wrong one is refused with exit 6.
 * Each method has a publisher (environment) of its own, all on one state folder; the one release
 * the methods rely on (published, so built and tested, which {@code push} needs) is published once,
 * by whichever method asks first.
 */
class AuthenticatedPushIT {
    private static TestEnvironment env;
    private static FixtureRepository repo;
    private static RegistryClient registry;
    private static Path stateDir;

    /** One publish with the password from stdin, to a repository of its own. */
    private record Published(ImageReference image, PublisherRun.Result result) {
    }

    private static final SharedFixture<Published> PUBLISHED = SharedFixture.of(() -> {
        ImageReference image = ImageReference.parse(env.basicRegistry() + "/" + TestEnvironment.uniqueRepository("auth"));
        PublisherRun.Result r = publisher().stdin(env.basicPassword() + "\n").run("publish", "--context", repo.dir().toString(),
                "--image", image.toString(), "--username", env.basicUsername(), "--password-stdin", "--health-timeout", "30", "--json");
        return new Published(image, r);
    });

    @BeforeAll
    static void setUp() throws Exception {
        env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        Platform platform = Registries.enginePlatform(env);
        repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, platform);
        repo.tag("4.0.0");
        registry = Registries.basicAuth(env);
        stateDir = Files.createTempDirectory("siplims-publisher-state");
    }

    /** A publisher with an environment of its own, on the class's state folder. */
    private static PublisherRun publisher() {
        return new PublisherRun(stateDir);
    }

    private static ImageReference freshImage() {
        return ImageReference.parse(env.basicRegistry() + "/" + TestEnvironment.uniqueRepository("auth"));
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingItAndNothingIsPushed() {
        ImageReference image = freshImage();
        String wrong = "not-the-password-" + System.nanoTime();
        PublisherRun.Result r = publisher().stdin(wrong + "\n").run("publish", "--context", repo.dir().toString(), "--image", image.toString(),
                "--username", env.basicUsername(), "--password-stdin", "--health-timeout", "30");
        assertEquals(6, r.exitCode(), r.toString());
        assertTrue(r.err().contains(env.basicUsername()), "names the user whose login was refused: " + r.err());
        assertFalse(r.err().contains(wrong) || r.out().contains(wrong), "the password never appears");
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void withoutCredentialsThePushIsRefusedAndNothingIsPushed() {
        PUBLISHED.get(); // push pushes the image built and tested before
        ImageReference image = freshImage();
        PublisherRun.Result r = publisher().stdin("").run("push", "--context", repo.dir().toString(), "--image", image.toString());
        assertEquals(6, r.exitCode(), r.toString());
        assertTrue(r.err().contains(env.basicRegistry()), "names the registry that wants a login: " + r.err());
        Registries.assertNothingPushed(registry, image);
    }

    @Test
    void thePasswordFromStdinPublishes() {
        Published published = PUBLISHED.get();
        PublisherRun.Result r = published.result();
        assertEquals(0, r.exitCode(), r.toString());
        Digest digest = Digest.parse(r.json().path("digest").asText());
        assertEquals(digest, registry.digest(published.image().withTag("4.0.0")));
        assertEquals(digest, registry.digest(published.image().withTag("latest")));
        assertFalse(r.err().contains(env.basicPassword()) || r.out().contains(env.basicPassword()), "the password never appears");
    }

    @Test
    void credentialsFromTheEnvironmentReadTheReleases() {
        Published published = PUBLISHED.get();
        assertEquals(0, published.result().exitCode(), published.result().toString());
        PublisherRun.Result r = publisher().stdin("").env("REGISTRY_USERNAME", env.basicUsername()).env("REGISTRY_PASSWORD", env.basicPassword())
                .run("releases", "--context", repo.dir().toString(), "--image", published.image().toString(), "--json");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(1, r.json().path("releases").size());
        assertEquals("4.0.0", r.json().path("releases").get(0).path("version").asText());
        assertTrue(r.json().path("releases").get(0).path("channel").asBoolean());
    }

    @Test
    void aRegistryThatDoesNotAnswerFailsThePushWithExitSix() {
        PUBLISHED.get(); // push pushes the image built and tested before
        ImageReference nowhere = ImageReference.parse("127.0.0.1:5599/" + TestEnvironment.uniqueRepository("down"));
        PublisherRun.Result r = publisher().stdin("").run("push", "--context", repo.dir().toString(), "--image", nowhere.toString());
        assertEquals(6, r.exitCode(), r.toString());
        assertTrue(r.err().contains("127.0.0.1:5599"), "names the registry: " + r.err());
    }
}
