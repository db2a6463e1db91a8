package org.siplims.launcher.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the start-up archive ({@code --cds-training}, hidden; see
 * {@link org.siplims.launcher.startup.StartupArchive}): a child JVM started with
 * {@code -XX:ArchiveClassesAtExit} runs this, which asks the launcher's own server for what a
 * browser asks first (the page, {@code /api/status}, the script and style sheet), then quits, and
 * the JVM writes the archive of every class loaded on that path. Before that it asks the engine a
 * start would use what a start asks ({@code Launcher.exerciseStartPath}: the connection, the app's
 * container, the repository's images, the health probe), read-only, so the start path's classes are
 * archived too; it has no project folder, so it never creates, pulls or starts anything. Without an
 * engine address ({@link #NO_ENGINE}) those questions fail and only the transport's classes are
 * archived.
 */
public final class CdsTraining {
    /** An address where no Docker engine answers, on every platform (TCP port 9 is "discard"). */
    public static final String NO_ENGINE = "tcp://127.0.0.1:9";

    private CdsTraining() {
    }

    /** A free loopback port for the training's status server. */
    public static String freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return String.valueOf(s.getLocalPort());
        } catch (IOException e) {
            return "18500";
        }
    }

    /** Requests the page and the status like a browser would, then quits; 0 when every answer was 200. */
    public static int exercise(int port, String authorization, Runnable quitAndWait) {
        List<String> failures = new ArrayList<>();
        for (String path : List.of("/api/status", "/", "/assets/launcher.js", "/assets/launcher.css", "/api/status")) {
            int code = get(port, path, authorization);
            if (code != 200 && !path.startsWith("/assets/")) {
                failures.add(path + " answered " + code);
            }
        }
        quitAndWait.run();
        if (!failures.isEmpty()) {
            System.err.println("cds-training: " + String.join(", ", failures));
            return 1;
        }
        return 0;
    }

    /** A minimal HTTP/1.1 GET over a plain socket (no client library to load); returns the status code, or -1. */
    private static int get(int port, String path, String authorization) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + authorization + "\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String[] first = head.split("\r\n", 2)[0].split(" ");
            return first.length > 1 ? Integer.parseInt(first[1]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
