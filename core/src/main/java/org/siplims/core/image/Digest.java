package org.siplims.core.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest, always {@code sha256:} followed by 64 lower-case hex digits. */
public final class Digest {
    private static final Pattern FORM = Pattern.compile("sha256:[a-f0-9]{64}");
    private final String value;

    private Digest(String value) {
        this.value = value;
    }

    /** Parses a digest, rejecting anything but {@code sha256:<64 lower-case hex>}. */
    public static Digest parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidReferenceException("A digest is missing: expected sha256: followed by 64 hex digits.");
        }
        String trimmed = text.trim();
        if (!FORM.matcher(trimmed).matches()) {
            throw new InvalidReferenceException("'" + abbreviate(trimmed)
                    + "' is not a valid digest: expected sha256: followed by 64 lower-case hex digits.");
        }
        return new Digest(trimmed);
    }

    public static boolean isValid(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    /** The digest of some bytes, as a registry computes it for a manifest or blob. */
    public static Digest of(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return new Digest("sha256:" + HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static Digest of(String content) {
        return of(content.getBytes(StandardCharsets.UTF_8));
    }

    /** The 64 hex digits without the algorithm. */
    public String hex() {
        return value.substring("sha256:".length());
    }

    /** The first 12 hex digits, as Docker shows image IDs. */
    public String shortForm() {
        return hex().substring(0, 12);
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
