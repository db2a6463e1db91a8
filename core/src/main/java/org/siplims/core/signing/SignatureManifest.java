package org.siplims.core.signing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.siplims.core.image.Digest;
import org.siplims.core.registry.ManifestMediaTypes;

/**
 * The image that cosign stores under {@code sha256-<hex>.sig}: an OCI image manifest with an OCI
 * config and one simple-signing layer per signature. Written as cosign (go-containerregistry's
 * {@code empty.Image} with OCI media types, one layer appended per signature) writes it, byte for
 * byte: the field order of Go's structs, no spaces, map keys sorted, {@code created} in RFC 3339
 * with nanoseconds, each appended layer a history entry with Go's zero time. Nothing reads the
 * config; it is kept faithful so tools that inspect the image see what they expect.
 */
final class SignatureManifest {
    static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private static final ObjectMapper STRICT = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The config blob and the manifest that refers to it and to the layers. */
    record Built(byte[] config, byte[] manifest) {
        Digest configDigest() {
            return Digest.of(config);
        }

        Digest manifestDigest() {
            return Digest.of(manifest);
        }
    }

    private SignatureManifest() {
    }

    static Built build(List<SignatureLayer> layers, OffsetDateTime created) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode config = f.objectNode();
        config.put("architecture", "");
        // Go's time.Time marshals as RFC 3339 with nanoseconds, trailing zeros dropped; ISO_OFFSET_DATE_TIME
        // prints the same (and "Z" for UTC).
        config.put("created", created.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        ArrayNode history = config.putArray("history");
        config.put("os", "");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (SignatureLayer layer : layers) {
            history.addObject().put("created", GO_ZERO_TIME);
            // cosign stores payloads uncompressed: the diff ID is the digest.
            diffIds.add(layer.digest().toString());
        }
        config.putObject("config");
        byte[] configBytes = bytes(config);

        ObjectNode manifest = f.objectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", ManifestMediaTypes.OCI_MANIFEST);
        ObjectNode configDescriptor = manifest.putObject("config");
        configDescriptor.put("mediaType", ManifestMediaTypes.OCI_CONFIG);
        configDescriptor.put("size", configBytes.length);
        configDescriptor.put("digest", Digest.of(configBytes).toString());
        ArrayNode layerDescriptors = manifest.putArray("layers");
        for (SignatureLayer layer : layers) {
            ObjectNode d = layerDescriptors.addObject();
            d.put("mediaType", layer.mediaType());
            d.put("size", layer.size());
            d.put("digest", layer.digest().toString());
            if (!layer.annotations().isEmpty()) {
                ObjectNode annotations = d.putObject("annotations");
                layer.annotations().forEach(annotations::put);
            }
        }
        return new Built(configBytes, bytes(manifest));
    }

    /**
     * The layer descriptors of a signature manifest (without payloads). OCI and Docker v2 image
     * manifests are read (cosign writes Docker media types when asked to).
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static List<SignatureLayer> layers(byte[] manifest) {
        JsonNode root;
        try {
            root = STRICT.readTree(manifest);
        } catch (IOException e) {
            throw new IllegalArgumentException("the signature manifest is not valid JSON");
        }
        if (root == null || !root.isObject() || root.path("schemaVersion").asInt(0) != 2) {
            throw new IllegalArgumentException("the signature manifest is not an image manifest (schemaVersion 2)");
        }
        JsonNode layers = root.get("layers");
        if (layers == null || !layers.isArray()) {
            throw new IllegalArgumentException("the signature manifest has no list of layers");
        }
        List<SignatureLayer> result = new ArrayList<>();
        for (JsonNode layer : layers) {
            String digest = layer.path("digest").asText("");
            if (!layer.isObject() || !layer.path("mediaType").isTextual() || !Digest.isValid(digest)
                    || !layer.path("size").canConvertToLong() || layer.path("size").asLong() < 0) {
                throw new IllegalArgumentException("a layer of the signature manifest lacks a media type, a sha256 digest or a size");
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            JsonNode a = layer.get("annotations");
            if (a != null && !a.isNull()) {
                if (!a.isObject()) {
                    throw new IllegalArgumentException("the annotations of a layer are not an object");
                }
                for (Map.Entry<String, JsonNode> e : a.properties()) {
                    if (!e.getValue().isTextual()) {
                        throw new IllegalArgumentException("the annotation " + e.getKey() + " is not a string");
                    }
                    annotations.put(e.getKey(), e.getValue().textValue());
                }
            }
            result.add(new SignatureLayer(layer.get("mediaType").textValue(), Digest.parse(digest),
                    layer.get("size").asLong(), annotations, null));
        }
        return result;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return COMPACT.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }
}
