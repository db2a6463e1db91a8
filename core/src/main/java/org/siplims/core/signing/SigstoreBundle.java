package org.siplims.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Sigstore bundle (v0.3) as {@code cosign sign --key} 3.x and {@code cosign attest --key} store it:
 * a DSSE envelope holding an in-toto statement, signed by a public key (no certificate).
 *
 * <p>Parsed strictly and only as far as a key-based check needs: the bundle must be key-based
 * ({@code verificationMaterial.publicKey}; a certificate means keyless signing, which is refused),
 * must carry a DSSE envelope of in-toto type, and duplicate keys or trailing data are refused. The
 * public key hint and any transparency-log entries are not used: the trusted keys decide, and a lab
 * has no transparency log.
 */
record SigstoreBundle(String payloadType, byte[] payload, List<byte[]> signatures) {
    static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";
    /** The same version spelled as older clients do. */
    static final String MEDIA_TYPE_ALIAS = "application/vnd.dev.sigstore.bundle+json;version=0.3";
    static final String IN_TOTO = "application/vnd.in-toto+json";

    private static final Set<String> MATERIAL = Set.of("publicKey", "tlogEntries", "timestampVerificationData");

    SigstoreBundle {
        Objects.requireNonNull(payloadType, "payloadType");
        payload = payload.clone();
        signatures = List.copyOf(signatures);
    }

    static boolean isBundleMediaType(String mediaType) {
        return MEDIA_TYPE.equals(mediaType) || MEDIA_TYPE_ALIAS.equals(mediaType);
    }

    /** @throws IllegalArgumentException saying, for a person, what is wrong */
    static SigstoreBundle parse(byte[] bytes) {
        JsonNode root;
        try {
            root = StrictJson.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the bundle is not valid JSON");
        }
        if (root == null || !root.isObject() || !isBundleMediaType(root.path("mediaType").asText(null))) {
            throw new IllegalArgumentException("it is not a Sigstore bundle of version 0.3");
        }
        JsonNode material = root.get("verificationMaterial");
        if (material == null || !material.isObject()) {
            throw new IllegalArgumentException("the bundle has no verification material");
        }
        for (var field : material.properties()) {
            if (!MATERIAL.contains(field.getKey())) {
                throw new IllegalArgumentException("the bundle was signed with a certificate (" + field.getKey()
                        + "), not with a key; only key-based signatures are accepted");
            }
        }
        if (!material.path("publicKey").isObject()) {
            throw new IllegalArgumentException("the bundle names no public key");
        }
        if (root.has("messageSignature")) {
            throw new IllegalArgumentException("the bundle signs a file, not an image statement");
        }
        JsonNode envelope = root.get("dsseEnvelope");
        if (envelope == null || !envelope.isObject()) {
            throw new IllegalArgumentException("the bundle has no DSSE envelope");
        }
        String type = envelope.path("payloadType").asText("");
        if (!IN_TOTO.equals(type)) {
            throw new IllegalArgumentException("the envelope holds " + (type.isEmpty() ? "no payload type" : type)
                    + ", not an in-toto statement");
        }
        byte[] payload = base64(envelope.get("payload"), "the envelope's payload");
        JsonNode sigs = envelope.get("signatures");
        if (sigs == null || !sigs.isArray() || sigs.isEmpty()) {
            throw new IllegalArgumentException("the envelope holds no signature");
        }
        List<byte[]> signatures = new ArrayList<>();
        for (JsonNode sig : sigs) {
            if (!sig.isObject()) {
                throw new IllegalArgumentException("a signature of the envelope is not an object");
            }
            signatures.add(base64(sig.get("sig"), "a signature of the envelope"));
        }
        return new SigstoreBundle(type, payload, signatures);
    }

    /** What the envelope's signatures sign. */
    byte[] signedBytes() {
        return Dsse.pae(payloadType, payload);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    private static byte[] base64(JsonNode node, String what) {
        if (node == null || !node.isTextual() || node.textValue().isEmpty()) {
            throw new IllegalArgumentException(what + " is missing");
        }
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64");
        }
    }
}
