package org.siplims.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A registry of a test's own (Debian's docker-registry, the one scripts/test-env runs), on a free
 * loopback port with its own storage folder, removed when closed. In proxy mode it is a
 * pull-through mirror of another registry ({@code proxy.remoteurl}), as a lab would run one.
 */
public final class LoopbackRegistry implements AutoCloseable {
    private final Process process;
    private final Path folder;
    private final int port;

    private LoopbackRegistry(Optional<String> remoteUrl) {
        try {
            folder = Files.createTempDirectory("siplims-registry-");
            port = freePort();
            String config = """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(folder.resolve("data"), port)
                    + remoteUrl.map(url -> "proxy:\n  remoteurl: " + url + "\n").orElse("");
            Path file = Files.writeString(folder.resolve("config.yml"), config, StandardCharsets.UTF_8);
            process = new ProcessBuilder("docker-registry", "serve", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("registry.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("docker-registry could not be started (scripts/test-env installs it)", e);
        }
        awaitAnswer();
    }

    /** A plain registry. */
    public static LoopbackRegistry plain() {
        return new LoopbackRegistry(Optional.empty());
    }

    /** A pull-through mirror of the registry at {@code 127.0.0.1:originPort}. */
    public static LoopbackRegistry mirrorOf(int originPort) {
        return new LoopbackRegistry(Optional.of("http://127.0.0.1:" + originPort));
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String log() {
        try {
            return Files.readString(folder.resolve("registry.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry ended at once: " + log());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host() + "/v2/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(1000);
                if (c.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
        throw new IllegalStateException("docker-registry did not answer on " + host() + ": " + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder; the system cleans it eventually
        }
    }
}
