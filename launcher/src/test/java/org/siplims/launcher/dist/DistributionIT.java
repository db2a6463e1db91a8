package org.siplims.launcher.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.siplims.launcher.testing.LauncherAuth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.image.ImageReference;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.TestEnvironment;

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
        org.siplims.launcher.testing.LauncherHarness.ownAsLabUser(project); // the app runs as the folder's owner, never root
        Path settings = Files.createDirectories(tmp.resolve("settings"));
        int statusPort = Distribution.freePort();
        int appPort = Distribution.freePort();
        LauncherAuth.register(statusPort, settings);

        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/sip-lims-launcher").toString(),
                "--image", repository.toString(), "--channel", "latest", "--project", project.toString(),
                "--app-port", Integer.toString(appPort), "--status-port", Integer.toString(statusPort), "--name", name,
                "--no-browser", "--settings-dir", settings.toString(), "--docker-host", env.dockerHost().toString(),
                "--stop-grace-seconds", "2");
        Map<String, String> environment = Distribution.asLabUser(pb.environment(), tmp);
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
    void theFirstStartMakesTheStartUpArchiveAndLaterStartsUseIt() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        Path dist = Distribution.folder();
        try (var lib = Files.list(dist.resolve("lib"))) {
            assertTrue(lib.noneMatch(p -> p.toString().endsWith(".jsa")), "no archive is shipped in lib/");
        }
        assertFalse(Files.exists(dist.resolve("runtime/lib/server/classes.jsa")), "nor in the runtime");
        int port = Distribution.freePort();
        Path log = tmp.resolve("launcher.log");
        ProcessBuilder pb = statusOnly(dist, port, env, log);

        Path made = firstStart(pb, log, port);
        assertTrue(Files.size(made.resolveSibling("app.jsa")) > 1_000_000, "the launcher's classes");
        assertTrue(Files.size(made.resolveSibling("base.jsa")) > 1_000_000, "the JDK's classes");
        assertTrue(made.getParent().getFileName().toString().matches("cds-.+-\\d{8}-\\d{6}"), "named after the build: " + made);

        // Later starts map both archives (the JVM quietly leaves out one that does not match).
        Process second = pb.start();
        try {
            Distribution.awaitStatus(second, log, port, Duration.ofSeconds(30), s -> true);
            List<String> mapped = mappedFiles(second);
            assertTrue(mapped.contains(made.resolveSibling("app.jsa").toString()), "app.jsa is mapped: " + mapped);
            assertTrue(mapped.contains(made.resolveSibling("base.jsa").toString()), "base.jsa is mapped: " + mapped);
        } finally {
            Distribution.stop(second);
        }
        assertFalse(Files.readString(log).contains("[warning]"), "no JVM warnings on the console:\n" + Files.readString(log));

        // And the launcher's classes come from it, not from the jars.
        Path classLog = tmp.resolve("classes.log");
        ProcessBuilder version = new ProcessBuilder(dist.resolve("bin/sip-lims-launcher").toString(), "--version");
        Distribution.asLabUser(version.environment(), tmp);
        version.environment().put("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + classLog); // read by the java launcher
        version.redirectErrorStream(true).redirectOutput(tmp.resolve("out.log").toFile()).directory(tmp.toFile());
        assertEquals(0, version.start().waitFor(), Distribution.tail(tmp.resolve("out.log")));
        List<String> ours = Files.readAllLines(classLog).stream().filter(l -> l.contains(" org.siplims.launcher.")).toList();
        assertFalse(ours.isEmpty(), "launcher classes were loaded");
        assertTrue(ours.stream().allMatch(l -> l.contains("shared objects file (top)")),
                "the launcher's classes came from app.jsa:\n" + String.join("\n", ours));
    }

    @Test
    void aChangedDistributionGetsANewArchive() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        Path dist = tmp.resolve("launcher");
        Distribution.copy(Distribution.folder(), dist);
        int port = Distribution.freePort();
        Path log = tmp.resolve("launcher.log");
        ProcessBuilder pb = statusOnly(dist, port, env, log);
        Path made = firstStart(pb, log, port);
        String before = Files.readString(made);

        // A jar replaced (same name, another time): the old archive no longer matches it.
        Path jar;
        try (var lib = Files.list(dist.resolve("lib"))) {
            jar = lib.filter(p -> p.getFileName().toString().matches("launcher-.+\\.jar")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Process second = pb.start();
        try {
            Distribution.awaitStatus(second, log, port, Duration.ofSeconds(30), s -> true);
            List<String> mapped = mappedFiles(second);
            assertFalse(mapped.contains(made.resolveSibling("app.jsa").toString()), "the stale app.jsa is not used: " + mapped);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!(Files.exists(made) && !Files.readString(made).equals(before)) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(Files.exists(made) && !Files.readString(made).equals(before), "made again for the new jar\n" + Distribution.tail(log));
        } finally {
            Distribution.stop(second);
        }
        assertFalse(Files.readString(log).contains("[warning]"), "a stale archive is left out quietly:\n" + Files.readString(log));
    }

    /** The distribution started by its script as a lab user would, with a status page and no project; output appended to {@code log}. */
    private ProcessBuilder statusOnly(Path dist, int port, TestEnvironment env, Path log) throws IOException {
        LauncherAuth.register(port, tmp.resolve("settings"));
        ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/sip-lims-launcher").toString(), "--status-port", Integer.toString(port),
                "--no-browser", "--settings-dir", tmp.resolve("settings").toString(), "--docker-host", env.dockerHost().toString())
                .directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Distribution.asLabUser(pb.environment(), tmp);
        return pb;
    }

    /**
     * A first start with an empty user cache: it maps no archive and, once its page has answered,
     * makes one in the background. Returns the archive's stamp file, with the launcher stopped.
     */
    private Path firstStart(ProcessBuilder pb, Path log, int port) throws Exception {
        Process first = pb.start();
        try {
            Distribution.awaitStatus(first, log, port, Duration.ofSeconds(30), s -> true);
            assertFalse(mappedFiles(first).stream().anyMatch(f -> f.endsWith(".jsa")), "a first start maps no archive");
            return awaitFile(Distribution.userCache(tmp), "made-from.txt", Duration.ofSeconds(120), first, log);
        } finally {
            Distribution.stop(first);
        }
    }

    /** The files a process has mapped (Linux /proc/PID/maps). */
    private static List<String> mappedFiles(Process p) throws IOException {
        List<String> files = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0) {
                files.add(line.substring(slash));
            }
        }
        return files;
    }

    /** Waits for a file of this name in a folder below {@code root}; fails with the launcher's log when it does not come. */
    private static Path awaitFile(Path root, String name, Duration timeout, Process launcher, Path log) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(root)) {
                try (var walk = Files.walk(root)) {
                    var found = walk.filter(p -> p.getFileName().toString().equals(name)).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                } catch (java.io.UncheckedIOException e) {
                    // A file vanished during the walk (the archive's .part renamed as it is finished): look again.
                    if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
                        throw e;
                    }
                }
            }
            if (!launcher.isAlive()) {
                throw new AssertionError("The launcher exited (" + launcher.exitValue() + "):\n" + Distribution.tail(log));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No " + name + " under " + root + " after " + timeout + "\n" + Distribution.tail(log));
    }
}
