package org.siplims.core.signing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.siplims.core.image.Digest;

/**
 * An in-toto statement (v1, or v0.1 as cosign 2's attestations write it): the subjects it is about,
 * each by sha256 digest (and its name, "" when it has none), and a typed predicate. Parsed strictly: only the statement's own fields,
 * every subject with exactly a sha256 digest, no duplicate keys, nothing after the JSON.
 */
public record InTotoStatement(List<Digest> subjects, List<String> subjectNames, String predicateType, JsonNode predicate) {
    public static final String TYPE_V1 = "https://in-toto.io/Statement/v1";
    public static final String TYPE_V01 = "https://in-toto.io/Statement/v0.1";
    /** The predicate type of a cosign 3 image signature: the statement itself is the claim. */
    public static final String COSIGN_SIGN = "https://sigstore.dev/cosign/sign/v1";

    private static final Set<String> FIELDS = Set.of("_type", "subject", "predicateType", "predicate");
    private static final Set<String> SUBJECT_FIELDS = Set.of("name", "digest", "annotations");

    public InTotoStatement {
        subjects = List.copyOf(subjects);
        subjectNames = List.copyOf(subjectNames);
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(predicate, "predicate");
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static InTotoStatement parse(byte[] bytes) {
        JsonNode root;
        try {
            root = StrictJson.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the statement is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the statement is not a JSON object");
        }
        for (var field : root.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw new IllegalArgumentException("the statement has an unknown field " + field.getKey());
            }
        }
        String type = root.path("_type").asText("");
        if (!TYPE_V1.equals(type) && !TYPE_V01.equals(type)) {
            throw new IllegalArgumentException("it is not an in-toto statement");
        }
        JsonNode subject = root.get("subject");
        if (subject == null || !subject.isArray() || subject.isEmpty()) {
            throw new IllegalArgumentException("the statement names no subject");
        }
        List<Digest> subjects = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (JsonNode s : subject) {
            if (!s.isObject()) {
                throw new IllegalArgumentException("a subject of the statement is not an object");
            }
            for (var field : s.properties()) {
                if (!SUBJECT_FIELDS.contains(field.getKey())) {
                    throw new IllegalArgumentException("a subject has an unknown field " + field.getKey());
                }
            }
            JsonNode digest = s.get("digest");
            if (digest == null || !digest.isObject() || digest.size() != 1 || !digest.path("sha256").isTextual()
                    || !Digest.isValid("sha256:" + digest.get("sha256").textValue())) {
                throw new IllegalArgumentException("a subject of the statement is not named by exactly one sha256 digest");
            }
            subjects.add(Digest.parse("sha256:" + digest.get("sha256").textValue()));
            JsonNode name = s.get("name");
            if (name != null && !name.isTextual()) {
                throw new IllegalArgumentException("a subject's name is not a string");
            }
            names.add(name == null ? "" : name.textValue());
        }
        JsonNode predicateType = root.get("predicateType");
        if (predicateType == null || !predicateType.isTextual() || predicateType.textValue().isEmpty()) {
            throw new IllegalArgumentException("the statement has no predicate type");
        }
        JsonNode predicate = root.get("predicate");
        if (predicate == null || !predicate.isObject()) {
            throw new IllegalArgumentException("the statement's predicate is not an object");
        }
        return new InTotoStatement(subjects, names, predicateType.textValue(), predicate);
    }

    /** Whether the statement is about exactly this one digest, and nothing else. */
    public boolean isOnlyAbout(Digest digest) {
        return subjects.size() == 1 && subjects.get(0).equals(digest);
    }
}
