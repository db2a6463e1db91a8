package org.siplims.core.testing.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker engine on {@code tcp://127.0.0.1:PORT} that is the real engine behind a unix socket,
 * until {@link #stall()}: from then on the engine seems hung, as a wedged Docker Desktop is. Every
 * connection stays open and accepts requests, but nothing more is passed either way (new requests
 * do not reach the engine, answers do not come back) until {@link #resume()}.
 */
public final class StallingEngineProxy implements AutoCloseable {
    private final ServerSocket server;
    private final Path engineSocket;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean stalled;

    /** @param engineHost the real engine, {@code unix:///path/to/docker.sock} */
    public StallingEngineProxy(URI engineHost) {
        if (!"unix".equals(engineHost.getScheme())) {
            throw new IllegalArgumentException("a unix socket engine is needed, not " + engineHost);
        }
        this.engineSocket = Path.of(engineHost.getPath());
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::accept, "stalling-engine-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The address to give as the Docker host. */
    public URI dockerHost() {
        return URI.create("tcp://127.0.0.1:" + server.getLocalPort());
    }

    public void stall() {
        stalled = true;
    }

    public void resume() {
        synchronized (gate) {
            stalled = false;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                SocketChannel engine = SocketChannel.open(UnixDomainSocketAddress.of(engineSocket));
                open.add(client);
                open.add(engine);
                // The channel's own read and write, not Channels' streams: those share one lock, so a
                // blocked read would hold up every write.
                InputStream fromClient = client.getInputStream();
                OutputStream toClient = client.getOutputStream();
                pump(fromClient::read, (b, n) -> {
                    ByteBuffer out = ByteBuffer.wrap(b, 0, n);
                    while (out.hasRemaining()) {
                        engine.write(out);
                    }
                }, () -> closeQuietly(client), () -> closeQuietly(engine));
                pump((b) -> engine.read(ByteBuffer.wrap(b)), (b, n) -> {
                    toClient.write(b, 0, n);
                    toClient.flush();
                }, () -> closeQuietly(engine), () -> closeQuietly(client));
            } catch (IOException e) {
                // closed, or the engine is not there: the client sees its connection end
            }
        }
    }

    private interface Reader {
        int read(byte[] buffer) throws IOException;
    }

    private interface Writer {
        void write(byte[] buffer, int length) throws IOException;
    }

    private void pump(Reader from, Writer to, Runnable closeFrom, Runnable closeTo) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    awaitNotStalled();
                    if (n > 0) {
                        to.write(buffer, n);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // one side went away
            } finally {
                closeFrom.run();
                closeTo.run();
            }
        }, "stalling-engine-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private void awaitNotStalled() throws InterruptedException {
        synchronized (gate) {
            while (stalled) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        resume();
        closeQuietly(server);
        open.forEach(StallingEngineProxy::closeQuietly);
    }
}
