package org.siplims.core.signing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.Manifest;
import org.siplims.core.registry.ManifestMediaTypes;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.RegistryNotFoundException;

/**
 * Finds the Sigstore bundles that cosign 3 stores for an image as OCI 1.1 referrers: through the
 * registry's referrers API when it offers one, otherwise through the referrers tag
 * {@code sha256-<hex>} (an OCI index, the fallback the OCI distribution spec defines, which cosign
 * writes on registries without the API). Each referrer is an OCI manifest whose subject is the
 * image and whose one layer is the bundle.
 *
 * <p>Nothing here is trusted: the referrer list, the annotations and the subject are only used to
 * find candidates; what a bundle proves is decided by {@link SignatureVerifier} from the signed
 * statement alone.
 */
public final class BundleStore {
    /** Referrers beyond this many are not read: a real image has a handful. */
    static final int MAX_REFERRERS = 50;
    /** The annotation cosign puts on a referrer naming the statement's predicate type (a hint only). */
    static final String PREDICATE_ANNOTATION = "dev.sigstore.bundle.predicateType";

    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** One referrer: the digest of its manifest and the bundle's bytes, or why it could not be read. */
    public record Found(Digest referrer, Optional<byte[]> bundle, Optional<String> problem) {
        public Found {
            Objects.requireNonNull(referrer, "referrer");
            if (bundle.isPresent() == problem.isPresent()) {
                throw new IllegalArgumentException("either a bundle or a problem");
            }
        }

        static Found read(Digest referrer, byte[] bundle) {
            return new Found(referrer, Optional.of(bundle.clone()), Optional.empty());
        }

        static Found unreadable(Digest referrer, String problem) {
            return new Found(referrer, Optional.empty(), Optional.of(problem));
        }
    }

    private final RegistryClient registry;

    public BundleStore(RegistryClient registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** The referrers tag for a digest: {@code sha256-<hex>}. */
    public static String referrersTag(Digest digest) {
        return "sha256-" + digest.hex();
    }

    /**
     * The bundles referring to {@code repository@digest} whose referrer says it holds a statement of
     * {@code predicateType} (or says nothing). Empty when the image has no referrers at all.
     *
     * @param maxBundleBytes bundles larger than this are not fetched (reported as a problem)
     */
    public Optional<List<Found>> fetch(ImageReference repository, Digest digest, String predicateType, long maxBundleBytes) {
        ImageReference repo = repository.repositoryOnly();
        Optional<List<Digest>> listed = list(repo, digest);
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        List<Found> found = new ArrayList<>();
        for (Digest referrer : listed.get()) {
            read(repo, digest, referrer, predicateType, maxBundleBytes).ifPresent(found::add);
        }
        return Optional.of(found);
    }

    /** The referrer manifests' digests that may hold bundles; empty when there is neither an API answer nor the tag. */
    private Optional<List<Digest>> list(ImageReference repo, Digest digest) {
        Optional<byte[]> index = registry.referrers(repo, digest, SigstoreBundle.MEDIA_TYPE);
        if (index.isEmpty()) {
            try {
                Manifest tagged = registry.manifest(repo.withTag(referrersTag(digest)));
                if (!tagged.isIndex()) {
                    return Optional.empty(); // not a referrers index: no bundle is stored there
                }
                index = Optional.of(tagged.bytes());
            } catch (RegistryNotFoundException e) {
                return Optional.empty();
            }
        }
        JsonNode root;
        try {
            root = STRICT.readTree(index.get());
        } catch (IOException e) {
            return Optional.of(List.of());
        }
        List<Digest> digests = new ArrayList<>();
        for (JsonNode entry : root.path("manifests")) {
            // Not filtered by the entry's artifactType: cosign 3.1 lists its bundles in the referrers tag
            // with the config's type (application/vnd.oci.empty.v1+json); the manifest itself tells.
            String d = entry.path("digest").asText("");
            if (Digest.isValid(d) && digests.size() < MAX_REFERRERS) {
                digests.add(Digest.parse(d));
            }
        }
        return Optional.of(digests);
    }

    private Optional<Found> read(ImageReference repo, Digest subject, Digest referrer, String predicateType, long maxBundleBytes) {
        Manifest manifest;
        try {
            manifest = registry.manifest(repo.withDigest(referrer));
        } catch (RegistryNotFoundException e) {
            return Optional.of(Found.unreadable(referrer, "a referrer listed for it does not exist"));
        }
        JsonNode root;
        try {
            root = STRICT.readTree(manifest.bytes());
        } catch (IOException e) {
            return Optional.of(Found.unreadable(referrer, "a referrer is not valid JSON"));
        }
        if (!ManifestMediaTypes.OCI_MANIFEST.equals(root.path("mediaType").asText(""))) {
            return Optional.of(Found.unreadable(referrer, "a referrer is not an OCI image manifest"));
        }
        String hint = root.path("annotations").path(PREDICATE_ANNOTATION).asText("");
        if (!hint.isEmpty() && !hint.equals(predicateType)) {
            return Optional.empty(); // another kind of statement (an attestation)
        }
        JsonNode layers = root.path("layers");
        boolean bundleArtifact = SigstoreBundle.isBundleMediaType(root.path("artifactType").asText(""));
        boolean bundleLayer = layers.isArray() && layers.size() >= 1
                && SigstoreBundle.isBundleMediaType(layers.get(0).path("mediaType").asText(""));
        if (!bundleArtifact && !bundleLayer) {
            return Optional.empty(); // some other referrer (an SBOM attached by another tool, say)
        }
        if (!subject.toString().equals(root.path("subject").path("digest").asText(""))) {
            return Optional.of(Found.unreadable(referrer, "a referrer names another image as its subject"));
        }
        if (!layers.isArray() || layers.size() != 1 || !SigstoreBundle.isBundleMediaType(layers.get(0).path("mediaType").asText(""))
                || !Digest.isValid(layers.get(0).path("digest").asText(""))) {
            return Optional.of(Found.unreadable(referrer, "a referrer does not hold exactly one Sigstore bundle"));
        }
        long size = layers.get(0).path("size").asLong(-1);
        if (size < 0 || size > maxBundleBytes) {
            return Optional.of(Found.unreadable(referrer, "a bundle is larger than " + maxBundleBytes + " bytes"));
        }
        Digest blob = Digest.parse(layers.get(0).get("digest").textValue());
        return Optional.of(Found.read(referrer, registry.blob(repo, blob)));
    }
}
