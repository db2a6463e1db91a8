package org.siplims.core.signing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The one strict reading of a signed JSON document (a cosign payload, a rollback record, an in-toto
 * statement, a Sigstore bundle): what is signed must mean one thing only, so duplicate keys and
 * trailing data are refused.
 */
final class StrictJson {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private StrictJson() {
    }

    /** The strict reading itself, for callers that word its failure for what they read (a statement, a bundle). */
    static JsonNode readTree(byte[] json) throws IOException {
        return STRICT.readTree(json);
    }

    /** @throws IllegalArgumentException saying what is wrong, in words fit for a person */
    static JsonNode readObject(byte[] json) {
        JsonNode root;
        try {
            root = STRICT.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("it is not valid JSON (or has duplicate keys or trailing data)");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        return root;
    }
}
