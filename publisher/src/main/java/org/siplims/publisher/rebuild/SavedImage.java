package org.siplims.publisher.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An image as {@code docker save} writes it, read once as a stream: its configuration and, per
 * layer in order, every file with what makes it what it is except its timestamps (type, content's
 * SHA-256 or link target, mode, owner). Reads the classic layout ({@code <id>/layer.tar}) and the
 * OCI layout of newer engines ({@code blobs/sha256/…}, layers possibly gzip-compressed).
 */
record SavedImage(JsonNode config, List<Map<String, FileEntry>> layers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One file of a layer, without its timestamps. */
    record FileEntry(char type, String content, int mode, long uid, long gid) {
    }

    static SavedImage read(InputStream saveTar) {
        Map<String, Map<String, FileEntry>> tars = new HashMap<>();
        Map<String, byte[]> small = new HashMap<>();
        try (TarArchiveInputStream outer = new TarArchiveInputStream(new BufferedInputStream(saveTar))) {
            TarArchiveEntry e;
            while ((e = outer.getNextEntry()) != null) {
                if (!e.isFile()) {
                    continue;
                }
                String name = e.getName();
                if (name.endsWith(".json") || name.equals("index.json") || name.equals("oci-layout") || e.getSize() < 64 * 1024 && !name.endsWith(".tar")) {
                    byte[] bytes = outer.readAllBytes();
                    small.put(name, bytes);
                    if (!looksLikeTar(bytes)) {
                        continue;
                    }
                    tars.put(name, files(new java.io.ByteArrayInputStream(bytes)));
                } else {
                    try {
                        tars.put(name, files(outer));
                    } catch (IOException notATar) {
                        // a blob that is no layer (the rest of the entry is skipped by the next getNextEntry)
                    }
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("the saved image could not be read: " + ex.getMessage(), ex);
        }
        try {
            JsonNode manifest = JSON.readTree(small.get("manifest.json")).get(0);
            JsonNode config = JSON.readTree(small.get(manifest.get("Config").asText()));
            List<Map<String, FileEntry>> layers = new ArrayList<>();
            for (JsonNode layer : manifest.get("Layers")) {
                Map<String, FileEntry> files = tars.get(layer.asText());
                if (files == null) {
                    throw new IllegalStateException("the saved image has no layer " + layer.asText());
                }
                layers.add(files);
            }
            return new SavedImage(config, layers);
        } catch (IOException | NullPointerException ex) {
            throw new IllegalStateException("the saved image has no readable manifest.json", ex);
        }
    }

    private static boolean looksLikeTar(byte[] bytes) {
        return bytes.length >= 512 && new String(bytes, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")
                || bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    /** The files of one layer tar (gzip-compressed or not), read from {@code in} without closing it. */
    private static Map<String, FileEntry> files(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(new NonClosing(in));
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream plain = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered) : buffered;
        Map<String, FileEntry> files = new TreeMap<>();
        TarArchiveInputStream tar = new TarArchiveInputStream(plain);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String path = normalise(e.getName());
            char type;
            String content;
            if (e.isSymbolicLink()) {
                type = 'l';
                content = e.getLinkName();
            } else if (e.isLink()) {
                type = 'h';
                content = normalise(e.getLinkName());
            } else if (e.isDirectory()) {
                type = 'd';
                content = "";
            } else if (e.isFile()) {
                type = 'f';
                content = sha256(tar);
            } else {
                type = 'o';
                content = e.getDevMajor() + ":" + e.getDevMinor();
            }
            files.put(path, new FileEntry(type, content, e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId()));
        }
        return files;
    }

    private static String normalise(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        n = n.startsWith("/") ? n.substring(1) : n;
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets a nested reader finish without closing the outer archive. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the outer archive goes on
        }
    }
}
