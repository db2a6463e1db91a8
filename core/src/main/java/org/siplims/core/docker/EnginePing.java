package org.siplims.core.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Whether an engine answers at an address: {@code GET /_ping} with the JDK alone, so finding the
 * engine costs milliseconds and loads none of docker-java. A socket file nobody listens on, a
 * refused connection or no answer within the deadline all mean "not here".
 */
public final class EnginePing implements Predicate<URI> {
    private final Duration deadline;

    public EnginePing(Duration deadline) {
        this.deadline = deadline;
    }

    @Override
    public boolean test(URI host) {
        String scheme = String.valueOf(host.getScheme());
        if (scheme.equals("npipe")) {
            // A named pipe exists only while its engine serves it.
            return Files.exists(Path.of(host.getPath().replace('/', '\\')));
        }
        if (scheme.equals("unix") && !Files.exists(Path.of(host.getPath()))) {
            return false;
        }
        CompletableFuture<Boolean> ping = CompletableFuture.supplyAsync(() -> ping(host));
        try {
            return ping.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            ping.cancel(true);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean ping(URI host) {
        byte[] request = "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            if ("unix".equals(host.getScheme())) {
                try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(host.getPath()))) {
                    channel.write(ByteBuffer.wrap(request));
                    return okStatus(Channels.newInputStream(channel).readNBytes(12));
                }
            }
            if ("tcp".equals(host.getScheme()) || "http".equals(host.getScheme())) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(host.getHost(), host.getPort()), 2000);
                    socket.getOutputStream().write(request);
                    return okStatus(socket.getInputStream().readNBytes(12));
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** "HTTP/1.1 200": any engine's answer to /_ping when it is up. */
    private static boolean okStatus(byte[] statusLine) {
        String s = new String(statusLine, StandardCharsets.US_ASCII);
        return s.startsWith("HTTP/") && s.endsWith(" 200");
    }
}
