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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.siplims.core.image.ImageReference;
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
    void helpWithACommandAndTheVersionOfThePublisherItself() {
        Run help = run("", "help", "rollback");
        assertEquals(0, help.code, help.err);
        assertTrue(help.out.contains("Usage: scripts/publish rollback"), "the usage names the script:\n" + help.out);
        Run top = run("", "help");
        assertEquals(0, top.code, top.err);
        assertTrue(top.out.contains("Usage: scripts/publish"), top.out);
        Run version = run("", "--version");
        assertEquals(0, version.code, version.err);
        assertTrue(version.out.matches("scripts/publish \\S+ \\(commit \\S+\\)\\R?"), version.out);
        assertFalse(version.out.contains("${"), "filled in by the build: " + version.out);
    }

    @Test
    void eachDefaultSaysWhereItComesFrom() {
        Run r = run("", "build", "--help");
        assertTrue(r.out.contains("\"platform\" in publisher.json"), r.out);
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

    /** Where nothing should be reached if a check fails to fire: a loopback port nothing listens on. */
    private static final String NOWHERE = "\"image\": \"127.0.0.1:1/nowhere\"";

    static Stream<Arguments> badConfigValues() {
        return Stream.of(
                Arguments.of("check", "{\"image\": \"Not A Ref!!\"}", "image"),
                Arguments.of("check", "{\"image\": \"ghcr.io/x/y:1.0\"}", "image"),
                Arguments.of("check", "{\"image\": \"ghcr.io/Upper/Case\"}", "image"),
                Arguments.of("check", "{\"platform\": \"windows/amd64\"}", "platform"),
                Arguments.of("releases", "{" + NOWHERE + ", \"channel\": \"bad tag!\"}", "channel"),
                Arguments.of("check", "{\"platform\": \"nonsense\"}", "platform"),
                Arguments.of("check", "{\"port\": 0}", "port"),
                Arguments.of("check", "{\"port\": \"eighty\"}", "port"),
                Arguments.of("check", "{\"healthTimeoutSeconds\": 0}", "healthTimeoutSeconds"),
                Arguments.of("check", "{\"healthPath\": \"_stcore/health\"}", "healthPath"),
                Arguments.of("check", "{\"healthPath\": \"/a b\"}", "healthPath"),
                Arguments.of("check", "{\"requireSigning\": \"yes\"}", "requireSigning"),
                Arguments.of("check", "{\"dockerfile\": \"\"}", "dockerfile"),
                Arguments.of("check", "{\"dockerfile\": \"a\\u0000b\"}", "dockerfile"),
                Arguments.of("check", "{\"condaLock\": \"a\\u0000b\"}", "condaLock"),
                Arguments.of("check", "{\"requirementsLock\": \" \"}", "requirementsLock"),
                Arguments.of("check", "{\"versionCommand\": [\"--version\", null]}", "versionCommand"),
                Arguments.of("check", "{\"testCommands\": [null]}", "testCommands[0]"),
                Arguments.of("check", "{\"testCommands\": [{\"name\": \"unit\"}]}", "testCommands[0]"),
                Arguments.of("check", "{\"testCommands\": [{\"run\": [\"pytest\", null]}]}", "testCommands[0]"),
                Arguments.of("check", "{\"testCommands\": [{\"run\": [\"pytest\"], \"timeoutSeconds\": 0}]}", "testCommands[0].timeoutSeconds"),
                Arguments.of("check", "{\"testCommands\": [{\"run\": \"pytest\"}]}", "testCommands[0].run"),
                Arguments.of("check", "{\"lock\": {\"conda\": [null]}}", "lock.conda"),
                Arguments.of("push", "{" + NOWHERE + ", \"signingKey\": \"a\\u0000b\"}", "signingKey"),
                Arguments.of("releases", "{" + NOWHERE + ", \"trustedKeys\": [null]}", "trustedKeys[0]"),
                Arguments.of("releases", "{" + NOWHERE + ", \"trustedKeys\": [\"a\\u0000b\"]}", "trustedKeys[0]"));
    }

    /** A bad value in publisher.json is bad input that names the file and the key, so the maintainer knows where to fix it. */
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("badConfigValues")
    void aBadValueInTheConfigFileNamesTheFileAndTheKey(String command, String json, String key) throws Exception {
        Path file = dir.resolve("publisher.json");
        Files.writeString(file, json);
        Run r = run("", command, "--context", dir.toString());
        assertEquals(2, r.code, r.err);
        String error = r.err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        assertTrue(error.contains(file.toString()), "names the file: " + r.err);
        assertTrue(error.contains("\"" + key + "\""), "names the key \"" + key + "\": " + r.err);
        assertTrue(r.err.contains("hint: "), "says what to do: " + r.err);
        assertFalse(r.err.contains("Unexpected") || r.err.contains("Exception") || r.err.contains("java."), "a sentence, not internals: " + r.err);
        assertFalse(r.err.contains("\u0000"), "no raw control characters: " + r.err);
    }

    /** The same checks on the command line name the option instead. */
    @Test
    void aBadOptionValueNamesTheOption() {
        for (String[] args : new String[][] {{"--image", "Not A Ref!!"}, {"--image", "ghcr.io/x/y:1.0"}, {"--port", "0"},
                {"--health-timeout", "0"}, {"--platform", "windows/amd64"}, {"--dockerfile", "a\u0000b"}}) {
            String command = args[0].equals("--port") || args[0].equals("--health-timeout") ? "test" : "check";
            Run r = run("", command, "--context", dir.toString(), args[0], args[1]);
            assertEquals(2, r.code, String.join(" ", args) + ": " + r.err);
            String error = r.err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
            assertTrue(error.contains(args[0]), "names " + args[0] + ": " + r.err);
            assertFalse(r.err.contains("Unexpected") || r.err.contains("Exception"), r.err);
        }
    }

    /**
     * A version or channel that cannot be a tag is bad input, refused before the engine or registry is asked: with
     * --image at a loopback port nothing listens on, a registry call would end in exit 6 instead.
     */
    @Test
    void aVersionOrChannelThatCannotBeATagIsBadInputBeforeAnyRegistryCall() {
        String nowhere = "127.0.0.1:1/nowhere";
        String[][] cases = {
            {"rollback", "--image", nowhere, "../../x"},
            {"rollback", "--image", nowhere, "bad tag!"},
            {"rollback", "--image", nowhere, ""},
            {"rollback", "--image", nowhere, ".hidden"},
            {"rollback", "--image", nowhere, "sha256:" + "f".repeat(64)},
            {"rollback", "--image", nowhere, "--channel", "bad tag!", "1.0.0"},
            {"releases", "--image", nowhere, "--channel", "bad tag!"},
            {"verify", "--image", nowhere, "bad tag!"},
            {"verify", "--image", nowhere, "--channel", "../x"},
            {"check", "--image", nowhere, "--version", "../x"},
            {"build", "--image", nowhere, "--version", "bad tag!"},
            {"check", "--image", nowhere, "--channel", "bad tag!"},
            {"test", "--version", "", "no-such-image-" + "x".repeat(8)},
            {"test", "--version", "1.0 beta", "no-such-image-" + "x".repeat(8)},
        };
        for (String[] args : cases) {
            String[] full = new String[args.length + 2];
            full[0] = args[0];
            full[1] = "--context";
            full[2] = dir.toString();
            System.arraycopy(args, 1, full, 3, args.length - 1);
            Run r = run("", full);
            String line = String.join(" ", args);
            assertEquals(2, r.code, line + ": " + r.err);
            assertTrue(r.err.contains("not a valid tag"), line + ": says why: " + r.err);
            assertTrue(r.err.contains("hint: "), line + ": says what to do: " + r.err);
            assertFalse(r.err.contains("rollback: "), line + ": nothing started: " + r.err);
        }
    }

    /**
     * A health path without its leading slash is refused, not silently completed: what was typed may be a URL or
     * host:port pasted into the wrong place, and the guide and the Dockerfile's HEALTHCHECK write it with the slash.
     */
    @Test
    void aHealthPathMustStartWithASlash() throws Exception {
        Files.writeString(dir.resolve("publisher.json"), "{\"image\": \"127.0.0.1:1/nowhere\"}");
        for (String command : new String[] {"test", "verify", "publish"}) {
            Run r = run("", command, "--context", dir.toString(), "--health-path", "_stcore/health");
            assertEquals(2, r.code, command + ": " + r.err);
            assertTrue(r.err.contains("error: --health-path: '_stcore/health' must start with \"/\""), command + ": " + r.err);
            assertTrue(r.err.contains("hint: Give --health-path \"/_stcore/health\""), command + ": " + r.err);
        }
        for (String bad : new String[] {"http://127.0.0.1:8501/_stcore/health", "localhost:8501/_stcore/health", "", "/a b", "/\u0000"}) {
            Run r = run("", "test", "--context", dir.toString(), "--health-path", bad);
            assertEquals(2, r.code, bad + ": " + r.err);
            assertTrue(r.err.contains("error: --health-path: "), bad + ": " + r.err);
        }
        Files.writeString(dir.resolve("publisher.json"), "{\"healthPath\": \"_stcore/health\"}");
        Run fromFile = run("", "test", "--context", dir.toString());
        assertEquals(2, fromFile.code, fromFile.err);
        assertTrue(fromFile.err.contains("\"healthPath\" in " + dir.resolve("publisher.json") + ": '_stcore/health' must start with \"/\""),
                fromFile.err);
        assertTrue(fromFile.err.contains("set \"healthPath\" to \"/_stcore/health\""), fromFile.err);

        Files.writeString(dir.resolve("publisher.json"), "{\"healthPath\": \"/healthz?probe=1\"}");
        ContextOptions ctx = new ContextOptions();
        ctx.context = dir;
        assertEquals("/healthz?probe=1", SettingsResolver.resolve(ctx, null, null, null, null).healthPath(), "a good path is kept as given");
    }

    /**
     * Each option group a command shows in its help is used, not just parsed: one bad value per group and command
     * must give that group's own refusal (exit 2, before the engine or a registry is asked).
     */
    @Test
    void everyOptionGroupOfEveryCommandIsUsed() throws Exception {
        Files.writeString(dir.resolve("publisher.json"), "{\"image\": \"127.0.0.1:1/nowhere\"}");
        String key = dir.resolve("no-such-key.pem").toString();
        Object[][] cases = {
            {new String[] {"check", "build", "push", "publish", "verify", "rollback", "releases"}, new String[] {"--image", "Bad!"}, "error: --image: "},
            {new String[] {"check", "build", "publish"}, new String[] {"--dockerfile", ""}, "error: --dockerfile: "},
            {new String[] {"check", "build", "publish", "verify", "rollback", "releases"}, new String[] {"--platform", "windows/amd64"},
                "error: --platform: "},
            {new String[] {"test", "publish", "verify"}, new String[] {"--port", "0"}, "error: --port: "},
            {new String[] {"push", "publish", "verify", "rollback", "releases"}, new String[] {"--username", "me"}, "--password-stdin"},
            {new String[] {"push", "publish"}, new String[] {"--require-signing"}, "Signing is required"},
            {new String[] {"verify", "releases"}, new String[] {"--trusted-key", key}, key},
        };
        for (Object[] c : cases) {
            for (String command : (String[]) c[0]) {
                String[] option = (String[]) c[1];
                String[] args = new String[3 + option.length + (command.equals("rollback") ? 1 : 0)];
                args[0] = command;
                args[1] = "--context";
                args[2] = dir.toString();
                System.arraycopy(option, 0, args, 3, option.length);
                if (command.equals("rollback")) {
                    args[args.length - 1] = "1.0.0";
                }
                Run r = run("", args);
                String line = String.join(" ", args);
                assertEquals(2, r.code, line + ": " + r.err);
                assertTrue(r.err.contains((String) c[2]), line + ": expected '" + c[2] + "' in: " + r.err);
            }
        }
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
