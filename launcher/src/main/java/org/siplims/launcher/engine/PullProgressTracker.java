package org.siplims.launcher.engine;

import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sums the engine's per-layer pull events into one "bytes done of bytes total".
 *
 * <p>The engine reports each layer by the first 12 hex digits of its digest: {@code Pulling fs
 * layer}, {@code Downloading} (current/total; on a fast link possibly only once), {@code Download
 * complete}, {@code Extracting}, {@code Pull complete}, or {@code Already exists}. When the layer
 * sizes are known from the manifest, the total is right from the start; layers that already exist
 * are left out of it, since nothing is downloaded for them.
 */
public final class PullProgressTracker {
    private static final class Layer {
        long done;
        long total;
    }

    private final Map<String, Long> expectedSizes;
    private final Map<String, Layer> layers = new LinkedHashMap<>();

    /** @param expectedSizes compressed layer sizes from the manifest, keyed by the short layer ID; may be empty */
    public PullProgressTracker(Map<String, Long> expectedSizes) {
        this.expectedSizes = new HashMap<>(expectedSizes);
        expectedSizes.forEach((id, size) -> layer(id).total = size);
    }

    /** Takes one event; returns true when the totals changed. */
    public boolean accept(PullResponseItem item) {
        String id = item.getId();
        String status = item.getStatus();
        if (id == null || status == null || !looksLikeLayerId(id)) {
            return false; // "Pulling from …", "Digest: …", "Status: …"
        }
        long beforeDone = bytesDone();
        long beforeTotal = bytesTotal();
        Layer layer = layer(id);
        if (status.startsWith("Already exists")) {
            layers.remove(id);
        } else if (status.startsWith("Downloading")) {
            ResponseItem.ProgressDetail detail = item.getProgressDetail();
            if (detail != null) {
                if (detail.getTotal() != null && detail.getTotal() > 0) {
                    layer.total = detail.getTotal();
                }
                if (detail.getCurrent() != null) {
                    layer.done = Math.max(layer.done, detail.getCurrent());
                }
            }
        } else if (status.startsWith("Verifying Checksum") || status.startsWith("Download complete")
                || status.startsWith("Extracting") || status.startsWith("Pull complete")) {
            layer.done = layer.total;
        }
        return bytesDone() != beforeDone || bytesTotal() != beforeTotal;
    }

    private Layer layer(String id) {
        return layers.computeIfAbsent(id, k -> {
            Layer l = new Layer();
            l.total = expectedSizes.getOrDefault(k, 0L);
            return l;
        });
    }

    private static boolean looksLikeLayerId(String id) {
        return id.length() == 12 && id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    public long bytesDone() {
        return layers.values().stream().mapToLong(l -> Math.min(l.done, Math.max(l.total, l.done))).sum();
    }

    public long bytesTotal() {
        return layers.values().stream().mapToLong(l -> Math.max(l.total, l.done)).sum();
    }

    /** Marks every layer done, for the end of a pull whose last events were not per layer. */
    public void complete() {
        layers.values().forEach(l -> l.done = Math.max(l.total, l.done));
    }
}
