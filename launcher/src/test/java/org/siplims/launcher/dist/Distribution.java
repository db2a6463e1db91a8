package org.siplims.launcher.dist;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import org.siplims.launcher.testing.LauncherAuth;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The distribution the normal build made (launcher/target/sip-lims-launcher), and helpers to run it
 * as a lab user would: its own start script, a process of its own, HTTP to its status API.
 */
final class Distribution {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Distribution() {
    }

    /** launcher/target/sip-lims-launcher; fails (never skips) when the build did not make it. */
    static Path folder() {
        Path dir = target().resolve("sip-lims-launcher");
        assertTrue(Files.isExecutable(dir.resolve("bin/sip-lims-launcher")),
                "No distribution at " + dir + ": `mvn package` makes it (launcher's package phase); dist tests run in failsafe after it.");
        return dir;
    }

    static Path target() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
    }

    /** The zip of the distribution, launcher/target/sip-lims-launcher-VERSION-PLATFORM.zip. */
    static Path zip() throws IOException {
        try (var files = Files.list(target())) {
            List<Path> zips = files.filter(p -> p.getFileName().toString().matches("sip-lims-launcher-.+\\.zip")).toList();
            assertTrue(zips.size() == 1, "exactly one distribution zip in " + target() + ": " + zips);
            return zips.get(0);
        }
    }

    /** Copies a distribution folder, keeping permissions and symbolic links. */
    static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * A lab user's environment: no Java (JAVA_HOME and JDK_JAVA_OPTIONS removed, PATH without any
     * folder holding a {@code java}; Debian's /usr/bin has one, so the few tools the start script
     * needs are copied into {@code tmp/tools} instead), and a user cache folder of the test's own
     * ({@code tmp/user-cache}), so the real user's cache is never touched, and {@code tmp} as the home folder.
     */
    static Map<String, String> asLabUser(Map<String, String> env, Path tmp) throws IOException {
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("dirname", "readlink", "uname", "sh", "bash")) {
            Path real = which(tool, System.getenv("PATH"));
            if (real != null && !Files.exists(tools.resolve(tool), LinkOption.NOFOLLOW_LINKS)) {
                Files.copy(real, tools.resolve(tool), StandardCopyOption.COPY_ATTRIBUTES); // a copy: JUnit warns about links out of @TempDir
            }
        }
        List<String> kept = new ArrayList<>();
        kept.add(tools.toString());
        for (String dir : System.getenv("PATH").split(":")) {
            if (!dir.isEmpty() && !Files.exists(Path.of(dir, "java")) && !dir.contains("jvm") && !dir.contains("jdk")) {
                kept.add(dir);
            }
        }
        env.put("PATH", String.join(":", kept));
        env.remove("JAVA_HOME");
        env.remove("JDK_JAVA_OPTIONS");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("SIPLIMS_LAUNCHER_CWD");
        env.put("SIPLIMS_LAUNCHER_CACHE", userCache(tmp).toString());
        env.put("HOME", tmp.toString()); // the launcher accepts project folders inside the home folder

        return env;
    }

    /** The user cache folder of {@link #asLabUser}. */
    static Path userCache(Path tmp) {
        return tmp.resolve("user-cache");
    }

    static Path which(String tool, String path) {
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET http://127.0.0.1:port/path: the status code and body, or code -1 when nothing answers. */
    static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(LauncherAuth.authorize(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), port).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls /api/status until it answers 200 and {@code until} holds; fails with the process log otherwise. */
    static JsonNode awaitStatus(Process process, Path log, int port, Duration timeout, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(port, "/api/status");
            if (r != null && r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (until.test(last)) {
                    return last;
                }
            }
            if (!process.isAlive()) {
                throw new AssertionError("The launcher exited (" + process.exitValue() + "):\n" + tail(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Timed out; last status " + last + "\n" + tail(log));
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Ends the launcher like Ctrl+C / SIGTERM would, and waits for it. */
    static int stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }
}
