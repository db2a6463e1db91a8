package org.siplims.launcher.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.image.ImageReference;
import org.siplims.testenv.FixtureImages;
import org.siplims.testenv.TestEnvironment;

/**
 * The jlinked distribution as a lab user gets it: started by its own script on a machine with no
 * Java, it serves its status page, pulls the app from a registry (the plain test registry on
 * loopback), runs it until healthy, and on SIGTERM stops and removes it.
 */
class DistributionIT {
    @TempDir
    Path tmp;

    @Test
    void runsWithNoJavaInstalledAndStartsTheAppFromTheRegistry() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        FixtureImages fixtures = new FixtureImages(env);
        ImageReference repository = ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("dist"));
        String name = TestEnvironment.uniqueContainerName("dist");
        FixtureImages.PushedImage v1 = fixtures.pushApp(repository.withTag("latest"), "1.0.0", FixtureImages.Mode.HEALTHY);
        fixtures.removeLocal(v1.reference().toString()); // a first start: only the registry has it
        fixtures.removeLocal(v1.imageId());

        // Unzipped somewhere with a space in its path, as a user's Downloads folder might be.
        Path dist = tmp.resolve("Lab Tools/sip lims launcher");
        Distribution.copy(Distribution.folder(), dist);
        Path project = Files.createDirectories(tmp.resolve("Lab Projects/Project 42"));
        Path settings = Files.createDirectories(tmp.resolve("settings"));
        int statusPort = Distribution.freePort();
        int appPort = Distribution.freePort();

        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/sip-lims-launcher").toString(),
                "--image", repository.toString(), "--channel", "latest", "--project", project.toString(),
                "--app-port", Integer.toString(appPort), "--status-port", Integer.toString(statusPort), "--name", name,
                "--no-browser", "--settings-dir", settings.toString(), "--docker-host", env.dockerHost().toString(),
                "--stop-grace-seconds", "2");
        Map<String, String> environment = Distribution.withoutJava(pb.environment(), tmp.resolve("tools"));
        assertNull(Distribution.which("java", environment.get("PATH")), "no java on the PATH: " + environment.get("PATH"));
        Path log = tmp.resolve("launcher.log");
        pb.directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());

        Process launcher = pb.start();
        try {
            // The Java running is the distribution's own (the script execs it: same process).
            Path exe = Path.of("/proc/" + launcher.pid() + "/exe");
            JsonNode first = Distribution.awaitStatus(launcher, log, statusPort, Duration.ofSeconds(30), s -> true);
            assertTrue(Files.readSymbolicLink(exe).startsWith(dist.resolve("runtime").toRealPath()),
                    "runs " + Files.readSymbolicLink(exe));
            assertNotNull(first.get("state"));
            HttpResponse<String> page = Distribution.get(statusPort, "/");
            assertEquals(200, page.statusCode(), "the status page");
            assertTrue(page.body().contains("csrf-token"), "the page carries its token");

            JsonNode running = Distribution.awaitStatus(launcher, log, statusPort, Duration.ofSeconds(120), s -> {
                String state = s.path("state").asText();
                if (state.equals("ERROR")) {
                    throw new AssertionError("launcher error: " + s);
                }
                return state.equals("RUNNING");
            });
            assertEquals(v1.digest().toString(), running.path("image").path("digest").asText(), running.toString());
            assertEquals(project.toString(), running.path("project").path("path").asText());
            HttpResponse<String> health = Distribution.get(appPort, "/_stcore/health");
            assertNotNull(health, "the app answers on its port");
            assertEquals(200, health.statusCode());
            assertTrue(Files.exists(project.resolve(".fixture-app-was-here")), "the app wrote into the project folder");
        } finally {
            Distribution.stop(launcher);
        }
        // SIGTERM (Ctrl+C): the launcher stopped and removed the app container before exiting.
        var left = fixtures.cli().exec(null, "ps", "-a", "-q", "--filter", "name=^/" + name + "$");
        boolean gone = left.stdout().isBlank();
        if (!gone) {
            fixtures.cli().exec(null, "rm", "-f", name);
        }
        assertTrue(gone, "no container left behind\n" + Distribution.tail(log));
        String console = Files.readString(log);
        assertFalse(console.contains("[warning]"), "no JVM warnings on the console:\n" + console);
    }

    @Test
    void theClassDataSharingArchiveIsUsed() throws Exception {
        Path dist = Distribution.folder();
        assertTrue(Files.size(dist.resolve("lib/app.jsa")) > 1_000_000, "lib/app.jsa was made at build time");
        assertTrue(Files.exists(dist.resolve("runtime/lib/server/classes.jsa")), "the runtime's base archive");
        Path classLog = tmp.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/sip-lims-launcher").toString(), "--version");
        Distribution.withoutJava(pb.environment(), tmp.resolve("tools"));
        // JDK_JAVA_OPTIONS is read by the java launcher: log where each class came from.
        pb.environment().put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + classLog);
        pb.redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile()).directory(tmp.toFile());
        assertEquals(0, pb.start().waitFor(), Distribution.tail(tmp.resolve("out.log")));
        List<String> lines = Files.readAllLines(classLog);
        List<String> ours = new ArrayList<>(lines.stream().filter(l -> l.contains(" org.siplims.launcher.")).toList());
        assertFalse(ours.isEmpty(), "launcher classes were loaded");
        assertTrue(ours.stream().allMatch(l -> l.contains("shared objects file")),
                "the launcher's classes came from the archive:\n" + String.join("\n", ours));
    }
}
