package org.siplims.publisher.rebuild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void filesAreComparedByContentKindAndPermissionsNotByTime() throws Exception {
        SavedImage published = new SavedImage(config("2026-01-01T00:00:00Z", "sha256:a", "sha256:b"), List.of(
                Map.of("bin/sh", file("111", 0755)),
                Map.of("etc/built-at", file("aaa", 0644), "etc/same", file("s", 0644), "opt/old", file("o", 0644))));
        SavedImage rebuilt = new SavedImage(config("2026-02-02T00:00:00Z", "sha256:a", "sha256:c"), List.of(
                Map.of("bin/sh", file("111", 0755)),
                Map.of("etc/built-at", file("bbb", 0644), "etc/same", file("s", 0600), "opt/new", file("n", 0644))));

        ImageComparison.Result r = ImageComparison.compare(published, rebuilt);

        assertEquals(List.of("layer 2: etc/built-at (different content)", "layer 2: etc/same (different permissions, 644 then 600)",
                "layer 2: opt/new (only in the rebuild)", "layer 2: opt/old (only in the published image)"),
                r.files().stream().map(Object::toString).toList());
        assertEquals(List.of(), r.configDifferences(), "creation times are not a difference");
    }

    @Test
    void aLayerWithTheSameFilesButAnotherTarIsOnlyTimestamps() throws Exception {
        SavedImage published = new SavedImage(config("2026-01-01T00:00:00Z", "sha256:a"), List.of(Map.of("app/x", file("1", 0644))));
        SavedImage rebuilt = new SavedImage(config("2026-03-03T00:00:00Z", "sha256:z"), List.of(Map.of("app/x", file("1", 0644))));
        ImageComparison.Result r = ImageComparison.compare(published, rebuilt);
        assertTrue(r.sameApartFromTimestamps());
        assertEquals(List.of(1), r.layersDifferingOnlyInTimestamps());
    }

    private static SavedImage.FileEntry file(String content, int mode) {
        return new SavedImage.FileEntry('f', content, mode, 0, 0);
    }

    private static JsonNode config(String created, String... diffIds) throws Exception {
        return JSON.readTree("{\"created\":\"" + created + "\",\"config\":{\"Env\":[\"A=1\"],\"Image\":\"sha256:" + created.hashCode()
                + "\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":" + JSON.writeValueAsString(diffIds) + "},"
                + "\"history\":[{\"created\":\"" + created + "\",\"created_by\":\"COPY x\"}]}");
    }
}
