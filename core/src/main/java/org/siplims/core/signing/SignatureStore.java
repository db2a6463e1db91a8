package org.siplims.core.signing;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.RegistryNotFoundException;

/**
 * Reads and writes signatures where cosign keeps them: the tag {@code sha256-<hex>.sig} in the
 * image's own repository, through the {@link RegistryClient} (so authentication and errors are the
 * registry client's). Registry failures propagate as {@link org.siplims.core.registry.RegistryException}.
 */
public final class SignatureStore {
    /** A simple-signing payload is a few hundred bytes; a larger "payload" is not fetched. */
    static final long MAX_PAYLOAD_BYTES = 64 * 1024;
    /** cosign appends a layer per signing; more than this is not a signature manifest worth reading. */
    static final int MAX_LAYERS = 100;

    /** The signature manifest exists but cannot be read as one. */
    public static final class MalformedSignatureException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        MalformedSignatureException(String message) {
            super(message);
        }
    }

    /** A signature bundle holds one small statement; anything larger is not fetched. */
    static final long MAX_BUNDLE_BYTES = 64 * 1024;

    private final RegistryClient registry;
    private final Clock clock;

    public SignatureStore(RegistryClient registry, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SignatureStore(RegistryClient registry) {
        this(registry, Clock.systemUTC());
    }

    /** cosign's tag for the signatures of a digest: {@code sha256-<hex>.sig}. */
    public static String signatureTag(Digest digest) {
        return "sha256-" + digest.hex() + ".sig";
    }

    /** {@code registry/repo:sha256-<hex>.sig}. */
    public static ImageReference signatureReference(ImageReference repository, Digest digest) {
        return repository.repositoryOnly().withTag(signatureTag(digest));
    }

    /**
     * The signatures stored for a digest, each with its payload as the registry served it; empty when
     * there is no signature tag. A layer's payload is left out (null) when it is not a simple-signing
     * payload or is larger than any payload can be: that layer cannot verify.
     *
     * @throws MalformedSignatureException when the tag holds something other than a signature manifest
     */
    public Optional<List<SignatureLayer>> fetch(ImageReference repository, Digest digest) {
        Optional<List<SignatureLayer>> descriptors = descriptors(repository, digest);
        if (descriptors.isEmpty()) {
            return Optional.empty();
        }
        List<SignatureLayer> layers = new ArrayList<>();
        for (SignatureLayer layer : descriptors.get()) {
            boolean fetch = layer.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE) && layer.size() <= MAX_PAYLOAD_BYTES;
            layers.add(fetch ? layer.withPayload(registry.blob(repository.repositoryOnly(), layer.digest())) : layer);
        }
        return Optional.of(layers);
    }

    /**
     * The cosign 3 signature bundles stored for a digest as OCI 1.1 referrers (see {@link BundleStore});
     * empty when there are none.
     */
    public Optional<List<BundleStore.Found>> bundles(ImageReference repository, Digest digest) {
        return new BundleStore(registry).fetch(repository, digest, InTotoStatement.COSIGN_SIGN, MAX_BUNDLE_BYTES);
    }

    /**
     * Adds a signature to those stored for its digest, as {@code cosign sign} does: other
     * signatures stay (another key's, during a key rollover), an earlier signature of the same
     * payload by the same key is replaced rather than piled up.
     *
     * @return the digest of the signature manifest now under the signature tag
     * @throws UserFacingException when the tag holds something that is not a signature manifest
     *                             (it is left as it is)
     */
    public Digest attach(ImageSignature signature) {
        List<SignatureLayer> existing;
        try {
            existing = descriptors(signature.repository(), signature.digest()).orElse(List.of());
            for (SignatureLayer layer : existing) {
                // Appending to, say, an image pushed under this tag would make a nonsense manifest.
                if (!layer.mediaType().equals(SimpleSigningPayload.MEDIA_TYPE)) {
                    throw new MalformedSignatureException("it has a layer of type " + layer.mediaType());
                }
            }
        } catch (MalformedSignatureException e) {
            throw new UserFacingException("The tag " + signatureTag(signature.digest()) + " of "
                    + signature.repository().familiar() + " holds something that is not a signature manifest ("
                    + e.getMessage() + "); it was left alone and nothing was signed.",
                    "Look at what that tag holds; delete it if it is not needed, then publish again.");
        }
        SignatureLayer added = signature.layer();
        List<SignatureLayer> layers = new ArrayList<>();
        for (SignatureLayer layer : existing) {
            if (!sameSignerSamePayload(layer, signature)) {
                layers.add(layer);
            }
        }
        layers.add(added);
        return put(signature.repository(), signature.digest(), layers);
    }

    /**
     * Writes a signature manifest holding exactly these layers under the digest's signature tag:
     * uploads each layer's payload (a layer without payload must already be in the repository),
     * then the config, then the manifest.
     *
     * @return the digest of the manifest written
     */
    public Digest put(ImageReference repository, Digest digest, List<SignatureLayer> layers) {
        return putUnder(repository, signatureTag(digest), layers);
    }

    /** Like {@link #put}, under another of cosign's tags (the attestations' {@code .att}). */
    Digest putUnder(ImageReference repository, String tag, List<SignatureLayer> layers) {
        ImageReference repo = repository.repositoryOnly();
        for (SignatureLayer layer : layers) {
            if (layer.payload() != null) {
                if (!layer.payloadMatchesDigest()) {
                    throw new IllegalArgumentException("the payload of " + layer + " does not match its digest");
                }
                registry.uploadBlob(repo, layer.payload());
            } else if (!registry.blobExists(repo, layer.digest())) {
                throw new IllegalArgumentException("the layer " + layer.digest() + " is not in " + repo + " and has no payload to upload");
            }
        }
        SignatureManifest.Built built = SignatureManifest.build(layers, OffsetDateTime.now(clock));
        registry.uploadBlob(repo, built.config());
        ImageReference target = repo.withTag(tag);
        return registry.putManifest(target, new Manifest(target, ManifestMediaTypes.OCI_MANIFEST, built.manifest()));
    }

    /** The layer descriptors under the signature tag, without payloads; empty when there is no such tag. */
    private Optional<List<SignatureLayer>> descriptors(ImageReference repository, Digest digest) {
        return descriptorsUnder(repository, signatureTag(digest));
    }

    /** The layer descriptors under one of cosign's tags, without payloads; empty when there is no such tag. */
    Optional<List<SignatureLayer>> descriptorsUnder(ImageReference repository, String tag) {
        ImageReference reference = repository.repositoryOnly().withTag(tag);
        Manifest manifest;
        try {
            manifest = registry.manifest(reference);
        } catch (RegistryNotFoundException e) {
            return Optional.empty();
        }
        if (!ManifestMediaTypes.isImageManifest(manifest.mediaType())) {
            throw new MalformedSignatureException("it is a " + manifest.mediaType() + ", not an image manifest");
        }
        List<SignatureLayer> layers;
        try {
            layers = SignatureManifest.layers(manifest.bytes());
        } catch (IllegalArgumentException e) {
            throw new MalformedSignatureException(e.getMessage());
        }
        if (layers.size() > MAX_LAYERS) {
            throw new MalformedSignatureException("it has " + layers.size() + " layers, more than " + MAX_LAYERS);
        }
        return Optional.of(layers);
    }

    /** Whether a stored layer is this very payload signed by the same key (ECDSA signatures differ each time). */
    static boolean sameSignerSamePayload(SignatureLayer layer, ImageSignature signature) {
        if (!layer.digest().equals(Digest.of(signature.payload())) || layer.signature().isEmpty()) {
            return false;
        }
        try {
            byte[] der = Base64.getDecoder().decode(layer.signature().get());
            return P256.verify(signature.publicKey(), signature.payload(), der);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
