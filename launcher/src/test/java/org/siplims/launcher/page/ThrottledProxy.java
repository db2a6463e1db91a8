package org.siplims.launcher.page;

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

/**
 * A loopback port in front of the test registry that sends the registry's answers at a limited
 * rate per connection: on loopback a pull is over before a person (or a test) could see its
 * progress; through this it takes a few seconds, as a download does for a lab user.
 */
final class ThrottledProxy implements AutoCloseable {
    private final ServerSocket server;
    private final long bytesPerSecond;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    ThrottledProxy(int targetPort, long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
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
                    pipe(client, upstream, Long.MAX_VALUE);
                    pipe(upstream, client, this.bytesPerSecond);
                } catch (IOException e) {
                    // closed, or the registry refused: the client sees its connection end
                }
            }
        }, "throttled-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private static void pipe(Socket from, Socket to, long rate) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            long nextFree = System.nanoTime();
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                    if (rate != Long.MAX_VALUE) {
                        // No credit for idle time: a reused connection is as slow as a new one.
                        nextFree = Math.max(nextFree, System.nanoTime()) + n * 1_000_000_000L / rate;
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
        }, "throttled-proxy-pipe");
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
