package org.siplims.launcher.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given, so tests can send what a browser, another
 * site's page or an attacker would: a foreign {@code Host} header (java.net.http refuses to set
 * that one), NUL bytes, huge or lying bodies, odd paths.
 */
public final class RawHttp {
    /** The answer; header names in lower case, a chunked body already put together. */
    public record Response(int status, Map<String, String> headers, String body) {
    }

    private RawHttp() {
    }

    /**
     * Sends one request with {@code Connection: close}, as the user who started the launcher on that
     * port: with its bearer secret ({@link LauncherAuth}) unless {@code headers} has an
     * {@code Authorization} of its own. {@code Host} is {@code localhost:port} unless given (a
     * {@code null} value leaves a header out); {@code Content-Length} is the body's unless given, so a
     * test can send one that lies.
     */
    public static Response send(int port, String method, String path, Map<String, String> headers, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        LauncherAuth.authorization(port).ifPresent(a -> h.put("Authorization", a));
        h.putAll(headers);
        return sendAsGiven(port, method, path, h, body);
    }

    /** Like {@link #send}, but without the owner's secret: as another user, or another program, would. */
    public static Response sendAnonymously(int port, String method, String path, Map<String, String> headers, String body) {
        return sendAsGiven(port, method, path, headers, body);
    }

    private static Response sendAsGiven(int port, String method, String path, Map<String, String> headers, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "localhost:" + port);
        h.putAll(headers);
        h.put("Connection", "close");
        if (payload.length > 0 || method.equals("POST")) {
            h.putIfAbsent("Content-Length", Integer.toString(payload.length));
        }
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        h.forEach((k, v) -> {
            if (v != null) {
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        head.append("\r\n");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        all.writeBytes(payload);
        return sendBytes(port, all.toByteArray());
    }

    /** Sends exactly these bytes (no secret is added) and reads the answer until the server closes. */
    public static Response sendBytes(int port, byte[] request) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(20000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (IOException refusedMidway) {
                // the server may answer (413, 400) and close before reading everything
            }
            return parse(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (IOException reset) {
            // a server that refuses a request may reset the connection right after its answer
            if (all.size() == 0) {
                throw reset;
            }
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no HTTP answer, got: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    /** The chunks' contents; an answer cut off in a chunk keeps what arrived. */
    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", i);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, Math.min(chunked.length(), lineEnd + 2 + size));
            i = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
