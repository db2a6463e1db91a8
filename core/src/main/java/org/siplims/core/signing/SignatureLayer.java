package org.siplims.core.signing;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.siplims.core.image.Digest;

/**
 * One layer of a signature manifest: its descriptor as the manifest states it (media type, digest,
 * size, annotations) and, once fetched, the payload bytes. The bytes are kept as received, so that
 * {@link #payloadMatchesDigest()} can tell whether they are what the manifest names.
 */
public record SignatureLayer(String mediaType, Digest digest, long size, Map<String, String> annotations, byte[] payload) {
    /** The annotation holding the base64 (standard alphabet, padded) DER ECDSA signature of the payload. */
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

    public SignatureLayer {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        // Sorted, as Go writes map keys: the manifest bytes must not depend on insertion order.
        annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
        payload = payload == null ? null : payload.clone();
    }

    /** A simple-signing layer for this payload and its base64 signature. */
    public static SignatureLayer of(byte[] payload, String base64Signature) {
        return new SignatureLayer(SimpleSigningPayload.MEDIA_TYPE, Digest.of(payload), payload.length,
                Map.of(SIGNATURE_ANNOTATION, base64Signature), payload);
    }

    /** The base64 signature annotation, if present. */
    public Optional<String> signature() {
        return Optional.ofNullable(annotations.get(SIGNATURE_ANNOTATION));
    }

    /** The payload bytes, when fetched. */
    @Override
    public byte[] payload() {
        return payload == null ? null : payload.clone();
    }

    /** The same descriptor with the payload as fetched. */
    SignatureLayer withPayload(byte[] fetched) {
        return new SignatureLayer(mediaType, digest, size, annotations, fetched);
    }

    /** Whether the fetched payload is exactly the content the manifest's digest names. */
    public boolean payloadMatchesDigest() {
        return payload != null && Digest.of(payload).equals(digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureLayer other && other.mediaType.equals(mediaType) && other.digest.equals(digest)
                && other.size == size && other.annotations.equals(annotations) && Arrays.equals(other.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mediaType, digest, size, annotations);
    }

    @Override
    public String toString() {
        return "SignatureLayer[" + mediaType + ", " + digest + ", " + size + " bytes, " + annotations.keySet() + "]";
    }
}
