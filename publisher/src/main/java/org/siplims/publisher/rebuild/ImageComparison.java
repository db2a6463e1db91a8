package org.siplims.publisher.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What differs between a published image and its rebuild, layer by layer and file by file,
 * ignoring only timestamps (file modification times, and the creation times in the image's
 * configuration and history).
 */
final class ImageComparison {
    /** One file that differs: where, and how. */
    record FileDifference(int layer, String path, String how) {
        @Override
        public String toString() {
            return "layer " + layer + ": " + path + " (" + how + ")";
        }
    }

    /**
     * @param layersDifferingOnlyInTimestamps layers (from 1) whose tar differs but whose files are the same apart from timestamps
     * @param configDifferences               top-level fields of the image configuration that differ, apart from creation times
     */
    record Result(List<FileDifference> files, List<Integer> layersDifferingOnlyInTimestamps, List<String> configDifferences,
                  int publishedLayers, int rebuiltLayers) {
        boolean sameApartFromTimestamps() {
            return files.isEmpty() && configDifferences.isEmpty() && publishedLayers == rebuiltLayers;
        }
    }

    private ImageComparison() {
    }

    static Result compare(SavedImage published, SavedImage rebuilt) {
        List<FileDifference> files = new ArrayList<>();
        List<Integer> timestampsOnly = new ArrayList<>();
        List<String> diffIdsPublished = diffIds(published.config());
        List<String> diffIdsRebuilt = diffIds(rebuilt.config());
        int n = Math.max(published.layers().size(), rebuilt.layers().size());
        for (int i = 0; i < n; i++) {
            Map<String, SavedImage.FileEntry> a = i < published.layers().size() ? published.layers().get(i) : Map.of();
            Map<String, SavedImage.FileEntry> b = i < rebuilt.layers().size() ? rebuilt.layers().get(i) : Map.of();
            boolean sameTar = i < diffIdsPublished.size() && i < diffIdsRebuilt.size() && diffIdsPublished.get(i).equals(diffIdsRebuilt.get(i));
            if (sameTar) {
                continue;
            }
            int before = files.size();
            for (String path : new TreeSet<>(union(a, b))) {
                SavedImage.FileEntry x = a.get(path);
                SavedImage.FileEntry y = b.get(path);
                if (x == null) {
                    files.add(new FileDifference(i + 1, path, "only in the rebuild"));
                } else if (y == null) {
                    files.add(new FileDifference(i + 1, path, "only in the published image"));
                } else if (!x.equals(y)) {
                    files.add(new FileDifference(i + 1, path, how(x, y)));
                }
            }
            if (files.size() == before) {
                timestampsOnly.add(i + 1);
            }
        }
        return new Result(files, timestampsOnly, configDifferences(published.config(), rebuilt.config()),
                published.layers().size(), rebuilt.layers().size());
    }

    private static String how(SavedImage.FileEntry x, SavedImage.FileEntry y) {
        if (x.type() != y.type()) {
            return "a different kind of file";
        }
        if (!x.content().equals(y.content())) {
            return x.type() == 'f' ? "different content" : "a different link target";
        }
        if (x.mode() != y.mode()) {
            return "different permissions, " + Integer.toOctalString(x.mode()) + " then " + Integer.toOctalString(y.mode());
        }
        return "a different owner";
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static List<String> diffIds(JsonNode config) {
        List<String> ids = new ArrayList<>();
        JsonNode rootfs = config.path("rootfs").path("diff_ids");
        rootfs.forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** Top-level fields that differ once the creation times are taken out (and the layer list, compared above). */
    private static List<String> configDifferences(JsonNode published, JsonNode rebuilt) {
        ObjectNode a = withoutTimes(published);
        ObjectNode b = withoutTimes(rebuilt);
        List<String> differ = new ArrayList<>();
        for (String field : new TreeSet<>(union(fields(a), fields(b)))) {
            if (!Objects.equals(a.get(field), b.get(field))) {
                differ.add(field);
            }
        }
        return differ;
    }

    private static Map<String, JsonNode> fields(ObjectNode node) {
        Map<String, JsonNode> m = new java.util.TreeMap<>();
        node.properties().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static ObjectNode withoutTimes(JsonNode config) {
        ObjectNode copy = config.deepCopy();
        copy.remove("created");
        copy.remove("rootfs");
        // Engine-specific bookkeeping of the classic store, not part of what the image is.
        copy.remove("container");
        copy.remove("container_config");
        copy.remove("docker_version");
        // The classic builder also records the IDs of its intermediate image and container, which follow from the times above.
        if (copy.get("config") instanceof ObjectNode runConfig) {
            runConfig.remove("Image");
            runConfig.remove("Hostname");
        }
        JsonNode history = copy.path("history");
        for (Iterator<JsonNode> it = history.elements(); it.hasNext(); ) {
            JsonNode step = it.next();
            if (step instanceof ObjectNode o) {
                o.remove("created");
            }
        }
        return copy;
    }
}
