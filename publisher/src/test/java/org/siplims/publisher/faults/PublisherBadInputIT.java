package org.siplims.publisher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.Registries;

/**
 * Bad input for the publisher: malformed image references and option values, and broken
 * publisher.json files. Each is exit 2 with a sentence (no stack trace), before anything is built
 * or pushed.
 */
class PublisherBadInputIT {
    @Test
    void malformedReferencesOptionsAndConfigFilesAreUsageErrors() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.HEALTHY, Registries.enginePlatform(env));
        repo.tag("1.0.0");
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("badinput"));
        PublisherRun publisher = new PublisherRun(Files.createTempDirectory("siplims-publisher-bad"));
        String ctx = repo.dir().toString();
        String[][] cases = {
            {"publish", "--context", ctx, "--image", "UPPER/Case"},
            {"publish", "--context", ctx, "--image", "repo@sha256:abc"},
            {"publish", "--context", ctx, "--image", image + ":a-tag"},
            {"publish", "--context", ctx, "--image", "a//b"},
            {"publish", "--context", ctx, "--image", "x\u0000y"},
            {"publish", "--context", ctx, "--image", "r".repeat(5000)},
            {"publish", "--context", ctx, "--image", image.toString(), "--channel", "bad tag!"},
            {"publish", "--context", ctx, "--image", image.toString(), "--platform", "not-a-platform"},
            {"publish", "--context", ctx, "--image", image.toString(), "--platform", "linux/"},
            {"publish", "--context", ctx, "--image", image.toString(), "--port", "abc"},
            {"publish", "--context", ctx, "--image", image.toString(), "--port", "70000"},
            {"publish", "--context", ctx, "--image", image.toString(), "--health-timeout", "-1"},
            {"publish", "--context", "/no/such/folder", "--image", image.toString()},
            {"publish", "--context", ctx, "--image", image.toString(), "--dockerfile", "../../../../etc/passwd"},
            {"publish", "--context", ctx, "--image", image.toString(), "--no-such-option"},
            {"test", "--context", ctx, "Not A Reference!"},
            {"verify", "--context", ctx, "--image", image.toString(), "::::"},
            {"rollback", "--context", ctx, "--image", image.toString(), "../../x"},
            {"rollback", "--context", ctx, "--image", image.toString(), "sha256:" + "f".repeat(64)},
            {"releases", "--context", ctx, "--image", image.toString(), "--channel", "bad tag!"},
            {"verify", "--context", ctx, "--image", image.toString(), "bad tag!"},
            {"publish", "--context", ctx, "--image", image.toString(), "--version", "../x"},
            {"lock", "--context", ctx, "--from-image", ""},
            {"no-such-command"},
        };
        List<String> outcomes = new ArrayList<>();
        for (String[] args : cases) {
            PublisherRun.Result r = publisher.run(args);
            String line = String.join(" ", args).replace(ctx, "CTX");
            outcomes.add(r.exitCode() + " <- " + (line.length() > 120 ? line.substring(0, 120) + "…" : line));
            // 2: bad usage, before anything is built or any registry is asked; 3 only for a Dockerfile outside the
            // context, which preflight finds (it exists, but is not a Dockerfile of this context).
            assertEquals(line.contains("--dockerfile") ? 3 : 2, r.exitCode(), String.join(" ", args) + " -> " + r);
            assertFalse(r.err().isBlank(), "a message for " + String.join(" ", args));
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
        }
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("not JSON", "{ not json");
        configs.put("an array", "[1, 2]");
        configs.put("an unknown setting", "{\"colour\": \"blue\"}");
        configs.put("a wrong type", "{\"port\": \"eighty\"}");
        configs.put("a bad image", "{\"image\": \"Not/Valid@x\"}");
        configs.put("NUL bytes", "{\"image\": \"\u0000\"}");
        configs.put("deep nesting", "[".repeat(100_000));
        for (Map.Entry<String, String> c : configs.entrySet()) {
            repo.write("publisher.json", c.getValue()).commit("publisher.json: " + c.getKey());
            PublisherRun.Result r = publisher.run("check", "--context", ctx); // no --image: the file's must be read
            outcomes.add(r.exitCode() + " <- publisher.json with " + c.getKey());
            assertEquals(2, r.exitCode(), c.getKey() + " -> " + r);
            assertTrue(r.err().contains(repo.dir().resolve("publisher.json").toString()), "names the file: " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        System.out.println("publisher bad input:\n  " + String.join("\n  ", outcomes));
        Registries.assertNothingPushed(Registries.anonymous(), image);
    }
}
