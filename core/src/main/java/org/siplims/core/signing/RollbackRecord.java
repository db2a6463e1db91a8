package org.siplims.core.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.InvalidReferenceException;

/**
 * The maintainer's signed word that a release was withdrawn and the channel went back to an older
 * one: "in REPOSITORY, {@code withdrawn} (version and digest) is withdrawn; go back to
 * {@code target} (version and digest)". A launcher running the withdrawn release goes back only
 * when such a record, signed by a trusted key, names exactly that repository, the version it runs
 * and the digest the channel names; any older release without one is refused (a downgrade attack:
 * an attacker who can move a tag could otherwise send every lab back to an old signed release
 * with a known hole).
 *
 * <p>Why this shape: it is a cosign-style simple signing payload (same {@code critical}
 * layout, same signing code, stored next to the target release under the tag
 * {@code sha256-<target hex>.rollback}), but with its own {@link #TYPE}. So a rollback record can
 * never pass as a release signature, nor a release signature as a rollback record, and the
 * binding fields are all in {@code critical}, read strictly: exactly these fields, no duplicates,
 * no trailing data.
 * <pre>{"critical":{"identity":{"docker-reference":"REGISTRY/REPO"},"image":{"docker-manifest-digest":"sha256:TARGET"},
 * "rollback":{"target-version":"1.0.0","withdrawn-digest":"sha256:…","withdrawn-version":"2.0.0"},
 * "type":"sip-lims rollback record"},"optional":null}</pre>
 */
public record RollbackRecord(String dockerReference, String withdrawnVersion, Digest withdrawnDigest, String targetVersion,
        Digest targetDigest) {
    public static final String TYPE = "sip-lims rollback record";
    /** The tag suffix under which the record is stored, beside cosign's {@code .sig}. */
    public static final String TAG_SUFFIX = ".rollback";

    private static final ObjectMapper COMPACT = new ObjectMapper();

    public RollbackRecord {
        Objects.requireNonNull(dockerReference, "dockerReference");
        Objects.requireNonNull(withdrawnVersion, "withdrawnVersion");
        Objects.requireNonNull(withdrawnDigest, "withdrawnDigest");
        Objects.requireNonNull(targetVersion, "targetVersion");
        Objects.requireNonNull(targetDigest, "targetDigest");
        if (withdrawnDigest.equals(targetDigest)) {
            throw new IllegalArgumentException("the withdrawn release and the one to go back to are the same");
        }
    }

    /** The record for going back, in {@code repository}, from the withdrawn release to the target one. */
    public static RollbackRecord of(ImageReference repository, String withdrawnVersion, Digest withdrawnDigest, String targetVersion,
            Digest targetDigest) {
        return new RollbackRecord(SimpleSigningPayload.dockerReference(repository), withdrawnVersion, withdrawnDigest, targetVersion,
                targetDigest);
    }

    /** The tag the record is stored under: {@code sha256-<target hex>.rollback}. */
    public String tag() {
        return targetDigest.toString().replace(':', '-') + TAG_SUFFIX;
    }

    /**
     * Whether this record allows going back, in {@code repository}, from the running release
     * (its version) to {@code offered}: all three must match exactly.
     */
    public boolean allows(ImageReference repository, String runningVersion, Digest offered) {
        return SimpleSigningPayload.dockerReference(repository.repositoryOnly()).equals(dockerReference)
                && withdrawnVersion.equals(runningVersion) && targetDigest.equals(offered);
    }

    /** The exact bytes to sign and to store. */
    public byte[] toBytes() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode critical = root.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", targetDigest.toString());
        ObjectNode rollback = critical.putObject("rollback");
        rollback.put("target-version", targetVersion);
        rollback.put("withdrawn-digest", withdrawnDigest.toString());
        rollback.put("withdrawn-version", withdrawnVersion);
        critical.put("type", TYPE);
        root.putNull("optional");
        try {
            return COMPACT.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }

    /**
     * Reads a record strictly.
     *
     * @throws IllegalArgumentException saying what is wrong, in words fit for a person
     */
    public static RollbackRecord parse(byte[] json) {
        JsonNode root = StrictJson.readObject(json);
        exactly(root, "the record", Set.of("critical", "optional"));
        JsonNode optional = root.get("optional");
        if (!optional.isNull() && !optional.isObject()) {
            throw new IllegalArgumentException("\"optional\" is neither null nor an object");
        }
        JsonNode critical = object(root, "critical", Set.of("identity", "image", "rollback", "type"));
        if (!TYPE.equals(text(critical, "type"))) {
            throw new IllegalArgumentException("it is not a rollback record (its type is not \"" + TYPE + "\")");
        }
        JsonNode rollback = object(critical, "rollback", Set.of("target-version", "withdrawn-digest", "withdrawn-version"));
        String reference = text(object(critical, "identity", Set.of("docker-reference")), "docker-reference");
        try {
            ImageReference repository = ImageReference.parse(reference);
            if (repository.tag().isPresent() || repository.digest().isPresent()) {
                throw new IllegalArgumentException("its docker-reference is not a bare repository");
            }
        } catch (InvalidReferenceException e) {
            throw new IllegalArgumentException("its docker-reference is not a valid repository");
        }
        return new RollbackRecord(reference, text(rollback, "withdrawn-version"), digest(rollback, "withdrawn-digest"),
                text(rollback, "target-version"), digest(object(critical, "image", Set.of("docker-manifest-digest")), "docker-manifest-digest"));
    }

    private static JsonNode object(JsonNode parent, String name, Set<String> fields) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not an object");
        }
        exactly(node, "\"" + name + "\"", fields);
        return node;
    }

    private static void exactly(JsonNode node, String what, Set<String> fields) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            if (!fields.contains(names.next())) {
                throw new IllegalArgumentException(what + " has unknown fields");
            }
        }
        for (String field : fields) {
            if (!node.has(field)) {
                throw new IllegalArgumentException(what + " has no \"" + field + "\"");
            }
        }
    }

    private static String text(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing or not a string");
        }
        return node.textValue();
    }

    private static Digest digest(JsonNode parent, String name) {
        String value = text(parent, name);
        if (!Digest.isValid(value)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a sha256 digest");
        }
        return Digest.parse(value);
    }
}
