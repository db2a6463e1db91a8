package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Arrays;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/**
 * A manifest exactly as the registry serves it: the raw bytes (whose sha256 is the digest, so they
 * must be kept byte for byte to retag), the media type and the digest. Parse it with
 * {@link #asImageManifest()} or {@link #asManifestList()}.
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageReference source;
    private final String mediaType;
    private final Digest digest;
    private final byte[] bytes;

    /** A manifest whose digest is computed from the bytes. */
    public Manifest(ImageReference source, String mediaType, byte[] bytes) {
        this.source = source;
        this.mediaType = mediaType;
        this.bytes = bytes.clone();
        this.digest = Digest.of(this.bytes);
    }

    /** Where it was read from (or is meant to go), for error messages. */
    public ImageReference source() {
        return source;
    }

    public String mediaType() {
        return mediaType;
    }

    public Digest digest() {
        return digest;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isIndex() {
        return ManifestMediaTypes.isIndex(mediaType);
    }

    public ImageManifest asImageManifest() {
        if (!ManifestMediaTypes.isImageManifest(mediaType)) {
            throw malformed("it is a " + mediaType + ", not an image manifest", null);
        }
        try {
            JsonNode root = json();
            Descriptor config = Descriptor.fromJson(root.path("config"));
            var layers = new java.util.ArrayList<Descriptor>();
            for (JsonNode layer : root.path("layers")) {
                layers.add(Descriptor.fromJson(layer));
            }
            return new ImageManifest(mediaType, config, layers);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage(), e);
        }
    }

    public ManifestList asManifestList() {
        if (!isIndex()) {
            throw malformed("it is a " + mediaType + ", not an index or manifest list", null);
        }
        try {
            var entries = new java.util.ArrayList<Descriptor>();
            for (JsonNode entry : json().path("manifests")) {
                entries.add(Descriptor.fromJson(entry));
            }
            return new ManifestList(mediaType, entries);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage(), e);
        }
    }

    /**
     * The media type a manifest body declares: its {@code mediaType} field, or for OCI content
     * (where the field is optional) an index when it lists {@code manifests}. Used when a
     * registry sends no useful Content-Type.
     */
    static String declaredMediaType(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                return "";
            }
            String declared = root.path("mediaType").asText("");
            if (!declared.isEmpty()) {
                return declared;
            }
            return root.has("manifests") ? ManifestMediaTypes.OCI_INDEX : ManifestMediaTypes.OCI_MANIFEST;
        } catch (IOException e) {
            return "";
        }
    }

    private JsonNode json() {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject()) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new IllegalArgumentException("it is not valid JSON");
        }
    }

    private RegistryBadResponseException malformed(String why, Throwable cause) {
        return new RegistryBadResponseException(source.registry(),
                "The manifest of " + source.familiar() + " (" + digest + ") cannot be read: " + why + ".", cause);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest other && other.mediaType.equals(mediaType) && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + mediaType + ", " + digest + "]";
    }
}
