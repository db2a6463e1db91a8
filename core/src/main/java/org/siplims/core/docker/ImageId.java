package org.siplims.core.docker;

import java.util.regex.Pattern;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;

/**
 * The engine's ID of an image in its store: {@code sha256:} and 64 lower-case hex digits. On the
 * classic image store it is the digest of the image's config (what a registry lists as the
 * manifest's config digest after a push); on the containerd store it is the manifest's digest.
 * Unlike a tag, it never moves to another image.
 */
public final class ImageId {
    private static final String PREFIX = "sha256:";
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");
    private final String hex;

    private ImageId(String hex) {
        this.hex = hex;
    }

    /**
     * Parses an ID as engines print it. A bare 64-digit hex string is accepted too (some engines
     * and the docker command line print IDs without the algorithm); a short, 12-digit ID is not:
     * it is a prefix the engine must resolve, not an ID.
     */
    public static ImageId parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid("An image ID is missing.");
        }
        String hex = text.trim();
        if (hex.startsWith(PREFIX)) {
            hex = hex.substring(PREFIX.length());
        }
        if (!HEX.matcher(hex).matches()) {
            String shown = text.length() > 80 ? text.substring(0, 77) + "..." : text;
            throw invalid("'" + shown + "' is not an image ID: expected sha256: followed by 64 lower-case hex digits.");
        }
        return new ImageId(hex);
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (UserFacingException e) {
            return false;
        }
    }

    /** The ID an engine gives an image whose config (or, on the containerd store, manifest) has this digest. */
    public static ImageId of(Digest digest) {
        return new ImageId(digest.hex());
    }

    /** The same sha256 as a content digest, to compare with the digests a registry reports. */
    public Digest asDigest() {
        return Digest.parse(toString());
    }

    /** The 64 hex digits without the algorithm. */
    public String hex() {
        return hex;
    }

    /** The first 12 hex digits, as {@code docker images} shows IDs. */
    public String shortForm() {
        return hex.substring(0, 12);
    }

    /** {@code sha256:<64 hex>}: the form to hand to the engine and to write into files. */
    @Override
    public String toString() {
        return PREFIX + hex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageId other && other.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    private static UserFacingException invalid(String message) {
        return new UserFacingException(message, "Name the image by its full ID as `docker image inspect` prints it, or by a tag.");
    }
}
