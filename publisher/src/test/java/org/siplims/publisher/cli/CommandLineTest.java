package org.siplims.publisher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.image.ImageReference;
import org.siplims.publisher.Io;
import org.siplims.publisher.Main;

/** Bad usage and input end with exit code 2 and a message, before anything touches the engine or a registry. */
class CommandLineTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()),
                org.siplims.publisher.signing.SecretPrompt.none());
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEverySubcommandAndTheExitCodes() {
        Run r = run("", "--help");
        assertEquals(0, r.code);
        for (String sub : new String[] {"check", "build", "test", "push", "publish", "verify", "lock", "rollback", "releases", "keygen"}) {
            assertTrue(r.out.contains(sub), sub + " missing from help:\n" + r.out);
        }
        assertTrue(r.out.contains("5 tests failed"));
    }

    @Test
    void noSubcommandOrAnUnknownOneIsBadUsage() {
        assertEquals(2, run("").code);
        Run unknown = run("", "deploy");
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.contains("deploy"), unknown.err);
    }

    @Test
    void aMalformedImageIsBadInputWithAMessageNotAStackTrace() {
        Run r = run("", "check", "--context", dir.toString(), "--image", "ghcr.io/Upper/Case");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("must be lower case"), r.err);
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r.err);
    }

    @Test
    void anImageWithATagIsRefused() {
        Run r = run("", "check", "--context", dir.toString(), "--image", "ghcr.io/x/y:1.0");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("without tag or digest"), r.err);
    }

    @Test
    void aMissingContextIsBadInput() {
        Run r = run("", "check", "--context", dir.resolve("nope").toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("does not exist"), r.err);
    }

    @Test
    void thePasswordIsNeverAnArgument() {
        assertEquals(2, run("", "push", "--password", "secret").code);
        Run userOnly = run("", "releases", "--context", dir.toString(), "--username", "me");
        assertEquals(2, userOnly.code);
        assertTrue(userOnly.err.contains("--password-stdin"), userOnly.err);
        Run empty = run("", "releases", "--context", dir.toString(), "--username", "me", "--password-stdin");
        assertEquals(2, empty.code);
        assertTrue(empty.err.contains("empty password"), empty.err);
    }

    @Test
    void badNumbersAndPlatformsAreBadInput() {
        assertEquals(2, run("", "test", "--context", dir.toString(), "--port", "70000").code);
        assertEquals(2, run("", "test", "--context", dir.toString(), "--health-timeout", "0").code);
        assertEquals(2, run("", "test", "--context", dir.toString(), "--port", "eighty").code);
        Run platform = run("", "check", "--context", dir.toString(), "--platform", "windows/amd64");
        assertEquals(2, platform.code);
        assertTrue(platform.err.contains("not a Linux platform"), platform.err);
    }

    @Test
    void theConfigFileRefusesUnknownKeysAndBrokenJson() throws Exception {
        Files.writeString(dir.resolve("publisher.json"), "{\"imgae\": \"ghcr.io/x/y\"}");
        Run typo = run("", "check", "--context", dir.toString());
        assertEquals(2, typo.code);
        assertTrue(typo.err.contains("unknown setting 'imgae'"), typo.err);
        Files.writeString(dir.resolve("publisher.json"), "{\"image\": ");
        Run broken = run("", "check", "--context", dir.toString(), "--json");
        assertEquals(2, broken.code);
        assertTrue(broken.out.contains("\"ok\" : false"), "a JSON failure record on stdout: " + broken.out);
        assertTrue(broken.out.contains("\"exitCode\" : 2"), broken.out);
    }

    @Test
    void optionsWinOverTheConfigFileWhichWinsOverDefaults() throws Exception {
        Files.writeString(dir.resolve("publisher.json"), "{\"image\": \"127.0.0.1:5555/from/config\", \"channel\": \"stable\", \"port\": 9000,"
                + " \"testCommands\": [{\"name\": \"unit\", \"run\": [\"pytest\"], \"timeoutSeconds\": 60}]}");
        ContextOptions ctx = new ContextOptions();
        ctx.context = dir;
        ImageOptions img = new ImageOptions();
        img.channel = "beta";
        var settings = SettingsResolver.resolve(ctx, img, null, null, null);
        assertEquals(ImageReference.parse("127.0.0.1:5555/from/config"), settings.image());
        assertEquals("beta", settings.channel());
        assertEquals(9000, settings.port());
        assertEquals("/_stcore/health", settings.healthPath());
        assertEquals("unit", settings.testCommands().get(0).displayName());
        assertEquals(dir.resolve("Dockerfile"), settings.dockerfile());
    }

    @Test
    void aShortReleaseRefIsATagOrDigestOfTheImage() {
        ImageReference image = ImageReference.parse("127.0.0.1:5555/app");
        assertEquals("127.0.0.1:5555/app:latest", ReleaseRef.parse(null, image, "latest").toString());
        assertEquals("127.0.0.1:5555/app:1.2.0", ReleaseRef.parse("1.2.0", image, "latest").toString());
        String digest = "sha256:" + "f".repeat(64);
        assertEquals("127.0.0.1:5555/app@" + digest, ReleaseRef.parse(digest, image, "latest").toString());
        assertEquals("ghcr.io/x/y:2", ReleaseRef.parse("ghcr.io/x/y:2", image, "latest").toString());
    }
}
