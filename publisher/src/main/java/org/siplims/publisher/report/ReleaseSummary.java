package org.siplims.publisher.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import org.siplims.core.docker.ImageId;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.publisher.registry.Release;
import org.siplims.publisher.signing.SignatureReport;

/**
 * What users will get, on one screen: image, digest, version, commit, build date, tags, the tests
 * it passed, its signature, and the exact line to get it. The JSON record carries the same.
 */
public final class ReleaseSummary {
    private ReleaseSummary() {
    }

    /** The line a user runs to get exactly this release. */
    public static String pullLine(Release release) {
        return "docker pull " + release.pinned();
    }

    public static String human(String title, Release release, List<String> tests) {
        return human(title, release, tests, Optional.empty());
    }

    public static String human(String title, Release release, List<String> tests, Optional<SignatureReport> signature) {
        ReleaseMetadata m = release.metadata();
        StringBuilder s = new StringBuilder(title).append(System.lineSeparator());
        row(s, "image", release.repository().toString());
        row(s, "digest", release.digest().toString());
        row(s, "version", m.version());
        row(s, "commit", m.commit() + (m.dirty() ? " (DIRTY: built with uncommitted changes)" : ""));
        row(s, "built", m.buildDate().map(d -> d + " (the commit's time)").orElse("unknown"));
        row(s, "platform", release.platform().toString());
        row(s, "tags", String.join(", ", release.tags()));
        for (int i = 0; i < tests.size(); i++) {
            row(s, i == 0 ? "tests" : "", tests.get(i));
        }
        if (tests.isEmpty()) {
            row(s, "tests", "none recorded");
        }
        signature.ifPresent(sig -> row(s, "signature", sig.humanLine()));
        row(s, "get it", pullLine(release));
        return s.toString().stripTrailing();
    }

    private static void row(StringBuilder s, String label, String value) {
        s.append(String.format("  %-9s %s%n", label, value));
    }

    public static Json json(String command, Release release, List<String> tests) {
        return json(command, release, tests, Optional.empty());
    }

    public static Json json(String command, Release release, List<String> tests, Optional<SignatureReport> signature) {
        return json(command, release, release.configDigest().toString(), tests, signature);
    }

    /**
     * The record with {@code imageId} as the engine itself names the tested image: the config digest
     * on the classic image store and on Podman, the manifest digest on Docker's containerd image store.
     */
    public static Json json(String command, Release release, ImageId engineImageId, List<String> tests, Optional<SignatureReport> signature) {
        return json(command, release, engineImageId.toString(), tests, signature);
    }

    private static Json json(String command, Release release, String imageId, List<String> tests, Optional<SignatureReport> signature) {
        ReleaseMetadata m = release.metadata();
        return new Json(true, command, release.repository().toString(), release.digest().toString(), imageId,
                m.version(), m.commit(), m.dirty(), m.buildDate().map(Object::toString).orElse(null), release.platform().toString(),
                release.tags(), List.copyOf(tests), pullLine(release), m.condaLockSha256().orElse(null),
                m.requirementsLockSha256().orElse(null), signature.map(SignatureReport::json).orElse(null), null);
    }

    /**
     * The {@code --json} record of a release (push, publish, verify). {@code buildDate} is always
     * there (null when unknown); the lock checksums, the signature and {@code alreadyPublished} only
     * when known.
     */
    public record Json(boolean ok, String command, String image, String digest, String imageId, String version, String commit,
                       boolean dirty, String buildDate, String platform, List<String> tags, List<String> tests, String pull,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String condaLockSha256,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String requirementsLockSha256,
                       @JsonInclude(JsonInclude.Include.NON_NULL) SignatureReport.Json signature,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Boolean alreadyPublished) {

        /** The same record saying whether the release was already published from this commit (push, publish). */
        public Json withAlreadyPublished(boolean already) {
            return new Json(ok, command, image, digest, imageId, version, commit, dirty, buildDate, platform, tags, tests, pull,
                    condaLockSha256, requirementsLockSha256, signature, already);
        }
    }
}
