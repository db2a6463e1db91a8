package org.siplims.core.signing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;

/**
 * Where signed {@link RollbackRecord}s live: under the tag {@code sha256-<target hex>.rollback} in
 * the release's own repository, in the same manifest layout as cosign's {@code .sig} (one layer per
 * signed record, the base64 signature in the layer's annotation). The publisher's
 * {@code rollback} writes them ({@link #attach}); the launcher reads those a trusted key signed
 * ({@link #trusted}) before it accepts a channel that moved back to an older release.
 */
public final class RollbackRecords {
    private final RegistryClient registry;
    private final SignatureStore store;

    public RollbackRecords(RegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = new SignatureStore(registry);
    }

    /** {@code sha256-<hex>.rollback}: the tag holding the records that go back to {@code target}. */
    public static String tagFor(Digest target) {
        return target.toString().replace(':', '-') + RollbackRecord.TAG_SUFFIX;
    }

    /**
     * Signs {@code record} with {@code key} and stores it beside the records already there (another
     * withdrawn release's, another key's); the same record signed again by the same key replaces
     * its earlier signature.
     *
     * @return the digest of the manifest now under the record's tag
     * @throws SignatureStore.MalformedSignatureException when the tag holds something else (left alone)
     */
    public Digest attach(SigningKey key, RollbackRecord record) {
        ImageReference repository = ImageReference.parse(record.dockerReference());
        byte[] payload = record.toBytes();
        String signature = Base64.getEncoder().encodeToString(P256.sign(key.privateKey(), payload));
        ImageSignature signed = new ImageSignature(repository, record.targetDigest(), key.publicKey(), payload, signature);
        List<SignatureLayer> layers = new ArrayList<>();
        for (SignatureLayer layer : store.descriptorsUnder(repository, record.tag()).orElse(List.of())) {
            if (!layer.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE)) {
                throw new SignatureStore.MalformedSignatureException("it has a layer of type " + layer.mediaType());
            }
            if (!SignatureStore.sameSignerSamePayload(layer, signed)) {
                layers.add(layer);
            }
        }
        layers.add(signed.layer());
        return store.putUnder(repository, record.tag(), layers);
    }

    /**
     * The records stored for going back to {@code target} in {@code repository} that a trusted key
     * signed: each payload must be the content its layer names and its signature must verify before
     * it is parsed (strictly); a record for another target is dropped. Empty when there are none.
     * Anything else (another key's record, a malformed one) is left out: it allows nothing.
     *
     * @throws org.siplims.core.registry.RegistryException when the registry cannot be asked
     */
    public List<RollbackRecord> trusted(TrustedKeys keys, ImageReference repository, Digest target) {
        ImageReference repo = repository.repositoryOnly();
        Optional<List<SignatureLayer>> layers;
        try {
            layers = store.descriptorsUnder(repo, tagFor(target));
        } catch (SignatureStore.MalformedSignatureException e) {
            return List.of();
        }
        List<RollbackRecord> found = new ArrayList<>();
        for (SignatureLayer layer : layers.orElse(List.of())) {
            if (!layer.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE) || layer.size() > SignatureStore.MAX_PAYLOAD_BYTES
                    || layer.signature().isEmpty()) {
                continue;
            }
            SignatureLayer fetched = layer.withPayload(registry.blob(repo, layer.digest()));
            if (!fetched.payloadMatchesDigest()) {
                continue;
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(layer.signature().get());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (keys.verifiedBy(fetched.payload(), der).isEmpty()) {
                continue;
            }
            try {
                RollbackRecord record = RollbackRecord.parse(fetched.payload());
                if (record.targetDigest().equals(target)) {
                    found.add(record);
                }
            } catch (IllegalArgumentException e) {
                // Signed by a trusted key but not a rollback record (a release signature copied here): allows nothing.
            }
        }
        return List.copyOf(found);
    }
}
