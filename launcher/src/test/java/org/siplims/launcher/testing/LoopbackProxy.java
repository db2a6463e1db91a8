package org.siplims.launcher.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback port that forwards TCP to another loopback port until closed. Closing it "switches
 * off" what is behind it (a registry, say) in the middle of a test: open connections end, new ones
 * are refused. Throttled, it sends the answers at a limited rate per connection: on loopback a pull
 * is over before a person (or a test) could see its progress; through this it takes a few seconds,
 * as a download does for a lab user.
 */
public final class LoopbackProxy implements AutoCloseable {
    private static final long UNLIMITED = Long.MAX_VALUE;

    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Bytes sent back from the target since the start or the last {@link #resetCount}: what was downloaded from it. */
    private final AtomicLong answered = new AtomicLong();

    /** Forwards both ways as fast as loopback goes. */
    public static LoopbackProxy forwardingTo(int targetPort) {
        return new LoopbackProxy(targetPort, UNLIMITED);
    }

    /** Forwards requests as they come and answers at {@code answerBytesPerSecond} per connection. */
    public static LoopbackProxy throttledTo(int targetPort, long answerBytesPerSecond) {
        return new LoopbackProxy(targetPort, answerBytesPerSecond);
    }

    private LoopbackProxy(int targetPort, long answerBytesPerSecond) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket();
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
                    open.add(client);
                    open.add(upstream);
                    pipe(client, upstream, UNLIMITED, new AtomicLong());
                    pipe(upstream, client, answerBytesPerSecond, answered);
                } catch (IOException e) {
                    // closed, or the target refused: the client sees its connection end
                }
            }
        }, "loopback-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The bytes the target sent back (answers, headers included) since the start or {@link #resetCount}. */
    public long bytesAnswered() {
        return answered.get();
    }

    public void resetCount() {
        answered.set(0);
    }

    private static void pipe(Socket from, Socket to, long bytesPerSecond, AtomicLong count) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            long nextFree = System.nanoTime();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    count.addAndGet(n);
                    if (bytesPerSecond != UNLIMITED) {
                        // No credit for idle time: a reused connection is as slow as a new one.
                        nextFree = Math.max(nextFree, System.nanoTime()) + n * 1_000_000_000L / bytesPerSecond;
                        long wait = nextFree - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                        }
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // one side closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "loopback-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
