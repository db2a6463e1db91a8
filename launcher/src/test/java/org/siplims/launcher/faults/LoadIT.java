package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.status.LauncherState;

/**
 * The status API under load on loopback: 50 event-stream subscribers and a few hundred status
 * requests a second for 15 s, while the state changes. No request fails, memory stays bounded,
 * and every subscriber and the status end on the newest state. The figures are printed.
 */
class LoadIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SUBSCRIBERS = Integer.getInteger("load.subscribers", 50);
    private static final int RATE = Integer.getInteger("load.rate", 300);
    private static final Duration LENGTH = Duration.ofSeconds(Integer.getInteger("load.seconds", 15));

    /** One event-stream client on a raw socket: counts events, keeps the newest. */
    private static final class Subscriber implements Runnable {
        final int port;
        final AtomicInteger events = new AtomicInteger();
        final AtomicReference<JsonNode> last = new AtomicReference<>();
        final CountDownLatch connected = new CountDownLatch(1);
        volatile Throwable failure;
        volatile Socket socket;

        Subscriber(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            try (Socket s = new Socket()) {
                socket = s;
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                OutputStream out = s.getOutputStream();
                out.write(("GET /api/events HTTP/1.1\r\nHost: localhost:" + port + "\r\nAccept: text/event-stream\r\nAuthorization: "
                        + org.siplims.launcher.testing.LauncherAuth.authorization(port).orElseThrow() + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String status = in.readLine();
                if (status == null || !status.contains(" 200")) {
                    throw new IOException("event stream refused: " + status);
                }
                connected.countDown();
                String line;
                String name = null;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:") && "status".equals(name)) {
                        last.set(JSON.readTree(line.substring(5).trim()));
                        events.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                if (socket == null || !socket.isClosed()) {
                    failure = e;
                }
            } finally {
                connected.countDown();
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException | NullPointerException ignored) {
                // closing
            }
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            FaultHarness.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void fiftySubscribersAndHundredsOfStatusRequestsASecondHold() throws Exception {
        try (FaultHarness h = new FaultHarness("load")) {
            h.start(o -> o.withFolders(Optional.empty(), Optional.empty(), Optional.empty()));
            h.await(LauncherState.NEEDS_PROJECT, Duration.ofSeconds(30));
            int port = h.statusPort;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI status = URI.create("http://localhost:" + port + "/api/status");
            for (int i = 0; i < 200; i++) { // warm up, so the heap figure is the server's steady state
                http.send(h.request("/api/status").build(), HttpResponse.BodyHandlers.ofString());
            }
            long heapBefore = usedHeapAfterGc();
            int threadsBefore = Thread.activeCount();

            ExecutorService pool = Executors.newCachedThreadPool();
            List<Subscriber> subscribers = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Subscriber s = new Subscriber(port);
                subscribers.add(s);
                pool.execute(s);
            }
            for (Subscriber s : subscribers) {
                assertTrue(s.connected.await(30, TimeUnit.SECONDS), "subscriber connected");
                assertTrue(s.failure == null, "subscriber failed: " + s.failure);
            }

            int workers = 8;
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            long start = System.nanoTime();
            long end = start + LENGTH.toNanos();
            long intervalNanos = 1_000_000_000L * workers / RATE;
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                long offset = intervalNanos * w / workers;
                running.add(pool.submit(() -> {
                    long next = start + offset;
                    while (next < end) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            FaultHarness.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(h.request("/api/status").timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().contains("\"state\"")) {
                                ok.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                                errorSamples.add(r.statusCode() + " " + r.body());
                            }
                        } catch (IOException | InterruptedException e) {
                            errors.incrementAndGet();
                            errorSamples.add(e.toString());
                        }
                        latencies.add(System.nanoTime() - t0);
                        next += intervalNanos;
                    }
                    return null;
                }));
            }
            // Meanwhile the state changes: three project folders one after another (their image does not exist: each ends in ERROR).
            Path last = null;
            for (int i = 1; i <= 3; i++) {
                FaultHarness.sleep(LENGTH.toMillis() / 4);
                last = Files.createDirectories(h.home.resolve("load project " + i));
                assertEquals(202, h.post("/api/project", "{\"path\": \"" + last + "\"}").status());
            }
            for (var f : running) {
                f.get(LENGTH.toSeconds() + 60, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String lastPath = last.toString();
            h.await("the last project's outcome", st -> st.state() == LauncherState.ERROR
                    && st.project().map(p -> p.path().equals(lastPath)).orElse(false), Duration.ofSeconds(30));

            // Every subscriber ends on the current status.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            for (Subscriber s : subscribers) {
                while (System.nanoTime() < deadline && !isCurrent(s.last.get(), lastPath)) {
                    FaultHarness.sleep(50);
                }
                assertTrue(s.failure == null, "subscriber failed: " + s.failure);
                assertTrue(isCurrent(s.last.get(), lastPath), "a subscriber is not current: " + s.last.get());
            }
            JsonNode now = JSON.readTree(h.get("/api/status").body());
            assertEquals("ERROR", now.path("state").asText());
            assertEquals(lastPath, now.path("project").path("path").asText(), "the status is current");
            int minEvents = subscribers.stream().mapToInt(s -> s.events.get()).min().orElse(0);
            int maxEvents = subscribers.stream().mapToInt(s -> s.events.get()).max().orElse(0);

            subscribers.forEach(Subscriber::close);
            pool.shutdownNow();
            FaultHarness.sleep(1000);
            long heapAfter = usedHeapAfterGc();
            int threadsAfter = Thread.activeCount();
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            double p50 = sorted[sorted.length / 2] / 1e6;
            double p99 = sorted[(int) (sorted.length * 0.99)] / 1e6;
            double max = sorted[sorted.length - 1] / 1e6;
            System.out.printf("LOAD: %d subscribers (events each: %d..%d); %d status requests in %.1f s = %.0f/s, %d errors; "
                            + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; heap after GC %d MB -> %d MB; threads %d -> %d%n",
                    SUBSCRIBERS, minEvents, maxEvents, ok.get() + errors.get(), seconds, (ok.get() + errors.get()) / seconds, errors.get(),
                    p50, p99, max, heapBefore >> 20, heapAfter >> 20, threadsBefore, threadsAfter);
            assertEquals(0, errors.get(), "no failed request: " + errorSamples.stream().limit(5).toList());
            assertTrue(ok.get() >= RATE * LENGTH.toSeconds() * 0.6, "at least 60% of the target rate was sent: " + ok.get());
            assertTrue(minEvents >= 4, "every subscriber saw the changes: " + minEvents);
            assertTrue(heapAfter - heapBefore < 48L << 20, "heap grew by " + ((heapAfter - heapBefore) >> 20) + " MB");
            // Jetty keeps idle pool threads for a minute; bounded, not one per request or per subscriber left.
            assertTrue(threadsAfter <= threadsBefore + SUBSCRIBERS + 20, "threads " + threadsBefore + " -> " + threadsAfter);
            assertTrue(p99 < 1000, "p99 under a second: " + p99);
        }
    }

    private static boolean isCurrent(JsonNode status, String path) {
        return status != null && "ERROR".equals(status.path("state").asText()) && path.equals(status.path("project").path("path").asText());
    }
}
