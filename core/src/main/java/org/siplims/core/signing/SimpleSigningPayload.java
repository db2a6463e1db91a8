package org.siplims.core.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.InvalidReferenceException;

/**
 * The "simple signing" payload that a cosign key-based signature signs, naming the repository and
 * the manifest digest:
 * <pre>{"critical":{"identity":{"docker-reference":"REGISTRY/REPO"},"image":{"docker-manifest-digest":"sha256:…"},
 * "type":"cosign container image signature"},"optional":null}</pre>
 * Written byte for byte as cosign (Go's encoding/json over sigstore's {@code payload.SimpleContainerImage})
 * writes it: fields in that order, no spaces, {@code optional} null.
 *
 * <p>Parsing is strict, following containers-signature(5): {@code critical} and its objects must
 * hold exactly their fields, the type must be cosign's, duplicate keys and trailing data are
 * refused (two JSON readers must never disagree on what was signed). {@code optional} may hold
 * anything; of it, only the release's version is read ({@link #VERSION_CLAIM}, written by the
 * publisher where {@code cosign sign -a KEY=VALUE} writes its annotations, so stock cosign still
 * verifies the signature and shows the version): the launcher compares the versions the
 * maintainer signed, so that a channel moved back to an older release is seen as such (issue 17
 * item 8). A release signed without it (by hand with cosign, or before the publisher wrote it)
 * has no signed version.
 */
public record SimpleSigningPayload(String dockerReference, Digest manifestDigest, Optional<String> version) {
    public static final String TYPE = "cosign container image signature";
    /** The optional claim holding the release's version (the OCI annotation's name for it). */
    public static final String VERSION_CLAIM = "org.opencontainers.image.version";
    /** The media type of the layer holding the payload in a signature manifest. */
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

    private static final ObjectMapper COMPACT = new ObjectMapper();

    public SimpleSigningPayload {
        java.util.Objects.requireNonNull(dockerReference, "dockerReference");
        java.util.Objects.requireNonNull(manifestDigest, "manifestDigest");
        java.util.Objects.requireNonNull(version, "version");
        if (version.isPresent() && version.get().isBlank()) {
            throw new IllegalArgumentException("a signed version is not blank");
        }
    }

    /** A payload without a signed version. */
    public SimpleSigningPayload(String dockerReference, Digest manifestDigest) {
        this(dockerReference, manifestDigest, Optional.empty());
    }

    /** The payload cosign would write for this repository (tag and digest of the reference ignored) and digest. */
    public static SimpleSigningPayload forImage(ImageReference repository, Digest digest) {
        return new SimpleSigningPayload(dockerReference(repository), digest);
    }

    /** The same, with the release's version as an optional claim ({@link #VERSION_CLAIM}). */
    public static SimpleSigningPayload forImage(ImageReference repository, Digest digest, String version) {
        return new SimpleSigningPayload(dockerReference(repository), digest, Optional.of(version));
    }

    /**
     * The repository as cosign names it (go-containerregistry's {@code Repository.Name()}):
     * {@code registry/path}, where Docker Hub is spelled {@code index.docker.io}.
     */
    public static String dockerReference(ImageReference repository) {
        String registry = repository.registry().equals(ImageReference.DOCKER_HUB) ? "index.docker.io" : repository.registry();
        return registry + "/" + repository.repository();
    }

    /** The exact bytes to sign and to store as the layer. */
    public byte[] toBytes() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest.toString());
        critical.put("type", TYPE);
        if (version.isPresent()) {
            root.putObject("optional").put(VERSION_CLAIM, version.get());
        } else {
            root.putNull("optional");
        }
        try {
            return COMPACT.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /** The repository the payload names, parsed; never has a tag or digest. */
    public ImageReference repository() {
        return ImageReference.parse(dockerReference);
    }

    /** Whether the payload names this repository (Docker Hub's spellings count as one). */
    public boolean names(ImageReference repository) {
        return repository().equals(repository.repositoryOnly());
    }

    /**
     * Reads a payload strictly.
     *
     * @throws IllegalArgumentException saying what is wrong, in words fit for a person
     */
    public static SimpleSigningPayload parse(byte[] json) {
        JsonNode root = StrictJson.readObject(json);
        fieldsWithin(root, "the payload", Set.of("critical", "optional"));
        JsonNode optional = root.get("optional");
        if (optional != null && !optional.isNull() && !optional.isObject()) {
            throw new IllegalArgumentException("\"optional\" is neither null nor an object");
        }
        JsonNode critical = exactObject(root, "critical", Set.of("identity", "image", "type"));
        JsonNode identity = exactObject(critical, "identity", Set.of("docker-reference"));
        JsonNode image = exactObject(critical, "image", Set.of("docker-manifest-digest"));
        String type = text(critical, "type");
        if (!type.equals(TYPE)) {
            throw new IllegalArgumentException("its type is \"" + abbreviate(type) + "\", not \"" + TYPE + "\"");
        }
        String reference = text(identity, "docker-reference");
        String digest = text(image, "docker-manifest-digest");
        if (!Digest.isValid(digest)) {
            throw new IllegalArgumentException("its docker-manifest-digest \"" + abbreviate(digest) + "\" is not a sha256 digest");
        }
        try {
            ImageReference parsed = ImageReference.parse(reference);
            if (parsed.tag().isPresent() || parsed.digest().isPresent()) {
                throw new IllegalArgumentException("its docker-reference \"" + abbreviate(reference)
                        + "\" is not a bare repository (it has a tag or digest)");
            }
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException("its docker-reference \"" + abbreviate(reference) + "\" is not a valid repository");
        }
        return new SimpleSigningPayload(reference, Digest.parse(digest), signedVersion(optional));
    }

    /** The version claim of {@code optional}, when there is one; anything but a non-blank string there is refused. */
    private static Optional<String> signedVersion(JsonNode optional) {
        if (optional == null || optional.isNull() || !optional.has(VERSION_CLAIM)) {
            return Optional.empty();
        }
        JsonNode claim = optional.get(VERSION_CLAIM);
        if (!claim.isTextual() || claim.textValue().isBlank()) {
            throw new IllegalArgumentException("its \"" + VERSION_CLAIM + "\" claim is not a version");
        }
        return Optional.of(claim.textValue());
    }

    private static JsonNode exactObject(JsonNode parent, String name, Set<String> fields) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not an object");
        }
        fieldsWithin(node, "\"" + name + "\"", fields);
        for (String field : fields) {
            if (!node.has(field)) {
                throw new IllegalArgumentException("\"" + name + "\" has no \"" + field + "\"");
            }
        }
        return node;
    }

    private static void fieldsWithin(JsonNode node, String what, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                unknown.add(abbreviate(name));
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + " has unknown fields " + unknown);
        }
    }

    private static String text(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not a string");
        }
        return node.textValue();
    }

    private static String abbreviate(String text) {
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }
}
