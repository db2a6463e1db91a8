package org.siplims.core.release;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a release says about itself, carried in image labels: version, commit, build date,
 * whether the tree was dirty, and the SHA-256 of each lock file.
 */
public record ReleaseMetadata(String version, String commit, Optional<Instant> buildDate, boolean dirty,
                              Optional<String> condaLockSha256, Optional<String> requirementsLockSha256) {

    /** The labels to put on an image: the project's own and the matching OCI ones. */
    public Map<String, String> toLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ReleaseLabels.VERSION, version);
        labels.put(ReleaseLabels.OCI_VERSION, version);
        labels.put(ReleaseLabels.COMMIT, commit);
        labels.put(ReleaseLabels.OCI_REVISION, commit);
        buildDate.ifPresent(d -> {
            labels.put(ReleaseLabels.BUILD_DATE, d.toString());
            labels.put(ReleaseLabels.OCI_CREATED, d.toString());
        });
        labels.put(ReleaseLabels.DIRTY, Boolean.toString(dirty));
        condaLockSha256.ifPresent(s -> labels.put(ReleaseLabels.CONDA_LOCK_SHA256, s));
        requirementsLockSha256.ifPresent(s -> labels.put(ReleaseLabels.REQUIREMENTS_LOCK_SHA256, s));
        return labels;
    }

    /** Reads the labels of an image; missing ones come out as "unknown" or empty. */
    public static ReleaseMetadata fromLabels(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        String version = first(l, ReleaseLabels.VERSION, ReleaseLabels.OCI_VERSION).orElse("unknown");
        String commit = first(l, ReleaseLabels.COMMIT, ReleaseLabels.OCI_REVISION).orElse("unknown");
        Optional<Instant> date = first(l, ReleaseLabels.BUILD_DATE, ReleaseLabels.OCI_CREATED).flatMap(ReleaseMetadata::instant);
        boolean dirty = Boolean.parseBoolean(l.getOrDefault(ReleaseLabels.DIRTY, "false"));
        return new ReleaseMetadata(version, commit, date, dirty,
                Optional.ofNullable(l.get(ReleaseLabels.CONDA_LOCK_SHA256)),
                Optional.ofNullable(l.get(ReleaseLabels.REQUIREMENTS_LOCK_SHA256)));
    }

    private static Optional<String> first(Map<String, String> labels, String... keys) {
        for (String key : keys) {
            String value = labels.get(key);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
