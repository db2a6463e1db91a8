package org.siplims.core.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;

/**
 * Signed attestations (an SBOM, a provenance statement) in cosign's key-based layout, so that stock
 * {@code cosign verify-attestation --key … --type …} (2.x and 3.x) accepts them: for
 * {@code REGISTRY/REPO@sha256:HEX}, the tag {@code sha256-HEX.att} holds an image manifest with one
 * layer per attestation, each a DSSE envelope ({@code application/vnd.dsse.envelope.v1+json})
 * around an in-toto statement naming the repository and the digest, signed over DSSE's
 * pre-authentication encoding, with the layer annotations {@code predicateType} and an empty
 * {@code dev.cosignproject.cosign/signature} (the signature is inside the envelope).
 *
 * <p>The legacy tag, not a cosign 3 bundle, for the reason the signatures use it: the statement's
 * subject then names the repository too, and both cosign versions read it. Attaching an
 * attestation replaces an earlier one of the same predicate type and keeps the others.
 */
public final class Attestations {
    public static final String DSSE_MEDIA_TYPE = "application/vnd.dsse.envelope.v1+json";
    static final String PREDICATE_TYPE_ANNOTATION = "predicateType";
    /** An SBOM or a provenance with test results is larger than a signature, but still small. */
    static final long MAX_ATTESTATION_BYTES = 8L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClient registry;
    private final SignatureStore store;

    public Attestations(RegistryClient registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = new SignatureStore(registry, clock);
    }

    /** cosign's tag for the attestations of a digest: {@code sha256-<hex>.att}. */
    public static String attestationTag(Digest digest) {
        return "sha256-" + digest.hex() + ".att";
    }

    /** The in-toto statement (v1) about {@code repository@digest} with this predicate, as bytes. */
    public static byte[] statement(ImageReference repository, Digest digest, String predicateType, JsonNode predicate) {
        ObjectNode root = JSON.createObjectNode();
        root.put("_type", InTotoStatement.TYPE_V1);
        ObjectNode subject = root.putArray("subject").addObject();
        subject.put("name", SimpleSigningPayload.dockerReference(repository.repositoryOnly()));
        subject.putObject("digest").put("sha256", digest.hex());
        root.put("predicateType", predicateType);
        root.set("predicate", predicate);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** A DSSE envelope around the statement, signed with {@code key}. */
    public static byte[] envelope(SigningKey key, byte[] statement) {
        byte[] signature = P256.sign(key.privateKey(), Dsse.pae(SigstoreBundle.IN_TOTO, statement));
        ObjectNode root = JSON.createObjectNode();
        root.put("payloadType", SigstoreBundle.IN_TOTO);
        root.put("payload", Base64.getEncoder().encodeToString(statement));
        root.putArray("signatures").addObject().put("keyid", "").put("sig", Base64.getEncoder().encodeToString(signature));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /**
     * Signs a statement about {@code repository@digest} and stores it under the attestation tag,
     * replacing an earlier attestation of the same predicate type.
     *
     * @return the digest of the attestation manifest now under the tag
     */
    public Digest attach(SigningKey key, ImageReference repository, Digest digest, String predicateType, JsonNode predicate) {
        byte[] envelope = envelope(key, statement(repository, digest, predicateType, predicate));
        SignatureLayer added = new SignatureLayer(DSSE_MEDIA_TYPE, Digest.of(envelope), envelope.length,
                Map.of(SignatureLayer.SIGNATURE_ANNOTATION, "", PREDICATE_TYPE_ANNOTATION, predicateType), envelope);
        List<SignatureLayer> layers = new ArrayList<>();
        for (SignatureLayer layer : store.descriptorsUnder(repository, attestationTag(digest)).orElse(List.of())) {
            if (!predicateType.equals(layer.annotations().get(PREDICATE_TYPE_ANNOTATION))) {
                layers.add(layer);
            }
        }
        layers.add(added);
        return store.putUnder(repository, attestationTag(digest), layers);
    }

    /**
     * The statement of the given predicate type about {@code repository@digest} that a trusted key
     * signed, if there is one: the envelope must verify with a trusted key, and only then is the
     * statement parsed, strictly, and must name exactly this digest and this repository.
     */
    public Optional<Verified> verified(TrustedKeys trusted, ImageReference repository, Digest digest, String predicateType) {
        ImageReference repo = repository.repositoryOnly();
        Optional<List<SignatureLayer>> layers;
        try {
            layers = store.descriptorsUnder(repo, attestationTag(digest));
        } catch (SignatureStore.MalformedSignatureException e) {
            return Optional.empty();
        }
        for (SignatureLayer layer : layers.orElse(List.of())) {
            if (!layer.mediaType().equals(DSSE_MEDIA_TYPE) || layer.size() > MAX_ATTESTATION_BYTES
                    || !predicateType.equals(layer.annotations().get(PREDICATE_TYPE_ANNOTATION))) {
                continue;
            }
            Optional<Verified> v = check(trusted, repo, digest, predicateType, registry.blob(repo, layer.digest()));
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /**
     * The predicate types of the attestations stored for a digest, as their layers say (not
     * checked: for a listing without trusted keys).
     */
    public java.util.Set<String> listedTypes(ImageReference repository, Digest digest) {
        java.util.Set<String> types = new java.util.TreeSet<>();
        try {
            store.descriptorsUnder(repository, attestationTag(digest)).orElse(List.of())
                    .forEach(l -> Optional.ofNullable(l.annotations().get(PREDICATE_TYPE_ANNOTATION)).ifPresent(types::add));
        } catch (SignatureStore.MalformedSignatureException e) {
            return types;
        }
        return types;
    }

    /**
     * The statement of this type about {@code repository@digest}, read without checking who signed
     * it (for the maintainer's own listing without trusted keys); still parsed strictly and bound to
     * this digest and repository.
     */
    public Optional<InTotoStatement> unchecked(ImageReference repository, Digest digest, String predicateType) {
        ImageReference repo = repository.repositoryOnly();
        try {
            for (SignatureLayer layer : store.descriptorsUnder(repo, attestationTag(digest)).orElse(List.of())) {
                if (!layer.mediaType().equals(DSSE_MEDIA_TYPE) || layer.size() > MAX_ATTESTATION_BYTES
                        || !predicateType.equals(layer.annotations().get(PREDICATE_TYPE_ANNOTATION))) {
                    continue;
                }
                JsonNode envelope = JSON.readTree(registry.blob(repo, layer.digest()));
                InTotoStatement statement = InTotoStatement.parse(Base64.getDecoder().decode(envelope.path("payload").asText("")));
                if (statement.predicateType().equals(predicateType) && statement.isOnlyAbout(digest)) {
                    return Optional.of(statement);
                }
            }
        } catch (SignatureStore.MalformedSignatureException | java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A verified statement and the key that signed it. */
    public record Verified(KeyId key, InTotoStatement statement) {
    }

    static Optional<Verified> check(TrustedKeys trusted, ImageReference repo, Digest digest, String predicateType, byte[] envelopeBytes) {
        JsonNode envelope;
        try {
            envelope = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(envelopeBytes);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        if (envelope == null || !SigstoreBundle.IN_TOTO.equals(envelope.path("payloadType").asText(""))) {
            return Optional.empty();
        }
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(envelope.path("payload").asText(""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] signed = Dsse.pae(SigstoreBundle.IN_TOTO, payload);
        Optional<KeyId> key = Optional.empty();
        for (JsonNode sig : envelope.path("signatures")) {
            try {
                key = trusted.verifiedBy(signed, Base64.getDecoder().decode(sig.path("sig").asText("")));
            } catch (IllegalArgumentException e) {
                key = Optional.empty();
            }
            if (key.isPresent()) {
                break;
            }
        }
        if (key.isEmpty()) {
            return Optional.empty();
        }
        InTotoStatement statement;
        try {
            statement = InTotoStatement.parse(payload);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!statement.predicateType().equals(predicateType) || !statement.isOnlyAbout(digest)
                || !statement.subjectNames().equals(List.of(SimpleSigningPayload.dockerReference(repo)))) {
            return Optional.empty();
        }
        return Optional.of(new Verified(key.get(), statement));
    }
}
