package org.siplims.publisher.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;
import org.siplims.publisher.testing.PublisherRun;
import org.siplims.publisher.testing.ReferenceFiles;
import org.siplims.publisher.testing.Registries;

/** {@code scripts/publish} itself, as the maintainer runs it: in its own process, and interrupted with Ctrl+C. */
class PublishScriptIT {
    private static final Path SCRIPT = ReferenceFiles.projectRoot().resolve("scripts/publish");

    private static Process start(Path log, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    @Test
    void theScriptRunsThePublisher() throws Exception {
        Path log = Files.createTempFile("publish-script", ".log");
        Process p = start(log, "--help");
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "scripts/publish --help finished");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("rollback") && out.contains("Exit codes"), out);

        Process bad = start(log, "check", "--context", "/nonexistent/app");
        assertTrue(bad.waitFor(2, TimeUnit.MINUTES));
        assertEquals(2, bad.exitValue(), Files.readString(log));
    }

    @Test
    void ctrlCDuringTheSmokeRunRemovesTheTestContainer() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        FixtureRepository repo = FixtureRepository.create(fixtures, FixtureImages.Mode.NEVER_HEALTHY, Registries.enginePlatform(env));
        Path state = Files.createTempDirectory("siplims-publisher-state");
        ImageReference image = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("interrupted"));
        PublisherRun.Result built = new PublisherRun(state).run("build", "--context", repo.dir().toString(), "--image", image.toString(), "--json");
        assertEquals(0, built.exitCode(), built.toString());
        String imageId = built.json().path("imageId").asText();

        Path log = Files.createTempFile("publish-script", ".log");
        Process test = start(log, "test", "--context", repo.dir().toString(), "--state-dir", state.toString(), "--health-timeout", "300");
        String smoke = "";
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (smoke.isEmpty() && Instant.now().isBefore(deadline) && test.isAlive()) {
            smoke = fixtures.cli().run("ps", "-q", "--filter", "ancestor=" + imageId, "--filter", "label=org.siplims.publisher.test=smoke");
            Thread.sleep(200);
        }
        assertTrue(!smoke.isEmpty(), "the smoke run started: " + Files.readString(log));

        // What Ctrl+C sends; scripts/publish execs java, so this is the JVM itself.
        new ProcessBuilder("kill", "-INT", Long.toString(test.pid())).start().waitFor();
        assertTrue(test.waitFor(60, TimeUnit.SECONDS), "the publisher stopped after Ctrl+C");
        assertEquals("", fixtures.cli().run("ps", "-a", "-q", "--filter", "ancestor=" + imageId),
                "no test container is left behind: " + Files.readString(log));
    }
}
