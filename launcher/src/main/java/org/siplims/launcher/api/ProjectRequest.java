package org.siplims.launcher.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import org.siplims.launcher.lifecycle.FolderChange;

/**
 * Reads the body of {@code POST /api/project}: {@code {"path": …, "scripts": …, "workflow": …}}.
 * {@code path} is required. {@code scripts} and {@code workflow} left out keep their current
 * values; null or "" removes them. Anything else is refused with a message, before anything changes.
 */
final class ProjectRequest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("path", "scripts", "workflow");

    private ProjectRequest() {
    }

    static FolderChange parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiRefusal(400, "The request body is not valid JSON: " + e.getOriginalMessage() + ".",
                    "Send {\"path\": \"/folder/of/the/project\", \"scripts\": …, \"workflow\": …}.");
        }
        if (root == null || !root.isObject()) {
            throw new ApiRefusal(400, "The request body must be a JSON object.",
                    "Send {\"path\": \"/folder/of/the/project\", \"scripts\": …, \"workflow\": …}.");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ApiRefusal(400, "Unknown field '" + name + "' in the request.", "Known fields: path, scripts, workflow.");
            }
        }
        JsonNode path = root.get("path");
        if (path == null || !path.isTextual() || path.asText().isBlank()) {
            throw new ApiRefusal(400, "The project folder is missing: the request needs a \"path\".",
                    "Give the full path of the project folder.");
        }
        return new FolderChange(path.asText(), optionalText(root, "scripts"), optionalText(root, "workflow"));
    }

    /** Empty when the field is left out; "" when it is null or empty (remove); else its text. */
    private static Optional<String> optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null) {
            return Optional.empty();
        }
        if (node.isNull()) {
            return Optional.of("");
        }
        if (!node.isTextual()) {
            throw new ApiRefusal(400, "\"" + field + "\" must be text or null.", null);
        }
        return Optional.of(node.asText());
    }
}
