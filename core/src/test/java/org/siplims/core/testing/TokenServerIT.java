package org.siplims.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;

/** The token service works with the real registry and the real docker CLI, as GHCR's does. */
class TokenServerIT {
    private final TestEnvironment env = TestEnvironment.get();

    @Test
    void dockerLoginAndPushThroughTheTokenRegistry() throws Exception {
        TokenServer.ensureRunning();
        Path config = FixtureImages.tempDir("docker-config");
        DockerCli cli = new DockerCli(config);

        DockerCli.Result login = cli.exec(stdin(env.basicPassword()), "login", "-u", env.basicUsername(), "--password-stdin", env.tokenRegistry());
        assertEquals(0, login.exitCode(), login.stderr());
        // docker login asked for an offline token and stored the refresh token, not the password.
        String stored = Files.readString(config.resolve("config.json"));
        assertTrue(stored.contains("identitytoken"), stored);
        assertTrue(!stored.contains(env.basicPassword()));

        ImageReference base = new FixtureImages(env, cli).busyboxBase();
        ImageReference target = ImageReference.parse(env.tokenRegistry() + "/" + TestEnvironment.uniqueRepository("token-push") + ":1");
        cli.run("tag", base.toString(), target.toString());
        try {
            DockerCli.Result push = cli.exec(null, "push", target.toString());
            assertEquals(0, push.exitCode(), push.stderr() + push.stdout());
        } finally {
            cli.exec(null, "image", "rm", target.toString());
        }
    }

    @Test
    void wrongPasswordIsRefusedAndAnonymousCannotPush() {
        TokenServer.ensureRunning();
        DockerCli cli = new DockerCli(FixtureImages.tempDir("docker-config"));
        DockerCli.Result login = cli.exec(stdin("not-the-password"), "login", "-u", env.basicUsername(), "--password-stdin", env.tokenRegistry());
        assertNotEquals(0, login.exitCode());

        ImageReference base = new FixtureImages(env, cli).busyboxBase();
        ImageReference target = ImageReference.parse(env.tokenRegistry() + "/" + TestEnvironment.uniqueRepository("token-anon") + ":1");
        cli.run("tag", base.toString(), target.toString());
        try {
            DockerCli.Result push = cli.exec(null, "push", target.toString());
            assertNotEquals(0, push.exitCode());
            assertTrue((push.stderr() + push.stdout()).contains("unauthorized") || (push.stderr() + push.stdout()).contains("denied"),
                    push.stderr() + push.stdout());
        } finally {
            cli.exec(null, "image", "rm", target.toString());
        }
    }

    private static ByteArrayInputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
