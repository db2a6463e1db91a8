package org.siplims.core.testing;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Unix socket in front of a real engine's socket that passes everything through and records the
 * request line of every request it sees ("GET /v1.51/containers/json HTTP/1.1"), to check what
 * API version a program's requests carry.
 */
public final class UnixSocketRecorder implements AutoCloseable {
    private static final Pattern REQUEST_LINE = Pattern.compile("(?m)^(GET|POST|PUT|DELETE|HEAD) (\\S+) HTTP/1\\.[01]\\r?$");

    private final Path socket;
    private final Path target;
    private final ServerSocketChannel server;
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private UnixSocketRecorder(Path socket, Path target) throws IOException {
        this.socket = socket;
        this.target = target;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread accept = new Thread(this::acceptLoop, "unix-socket-recorder");
        accept.setDaemon(true);
        accept.start();
    }

    /** A recorder in a new temporary folder, in front of the engine socket at {@code target}. */
    public static UnixSocketRecorder inFrontOf(Path target) throws IOException {
        return new UnixSocketRecorder(Files.createTempDirectory("siplims-recorder").resolve("engine.sock"), target);
    }

    /** The address to give the program under test. */
    public String host() {
        return "unix://" + socket;
    }

    /** The request paths seen so far, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** Forgets the requests seen so far. */
    public void clear() {
        paths.clear();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(target));
                pump(client, engine, true);
                pump(engine, client, false);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /**
     * Copies one direction with the channels' own read and write: the streams of
     * {@link java.nio.channels.Channels} share one lock per channel, so a blocked read would stop
     * the other direction's write.
     */
    private void pump(SocketChannel from, SocketChannel to, boolean record) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(65536);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    if (record) {
                        Matcher m = REQUEST_LINE.matcher(new String(buffer.array(), 0, buffer.limit(), StandardCharsets.ISO_8859_1));
                        while (m.find()) {
                            paths.add(m.group(2));
                        }
                    }
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput(); // the other direction may still have an answer to pass on
            } catch (IOException e) {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing both ends of a broken connection
                }
            }
        }, "unix-socket-recorder-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
