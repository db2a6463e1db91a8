package org.siplims.publisher.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
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

    public static ObjectNode json(String command, Release release, List<String> tests) {
        return json(command, release, tests, Optional.empty());
    }

    public static ObjectNode json(String command, Release release, List<String> tests, Optional<SignatureReport> signature) {
        ObjectNode node = Console.mapper().createObjectNode();
        node.put("ok", true);
        node.put("command", command);
        node.put("image", release.repository().toString());
        node.put("digest", release.digest().toString());
        node.put("imageId", release.configDigest().toString());
        ReleaseMetadata m = release.metadata();
        node.put("version", m.version());
        node.put("commit", m.commit());
        node.put("dirty", m.dirty());
        node.put("buildDate", m.buildDate().map(Object::toString).orElse(null));
        node.put("platform", release.platform().toString());
        release.tags().forEach(node.putArray("tags")::add);
        tests.forEach(node.putArray("tests")::add);
        node.put("pull", pullLine(release));
        m.condaLockSha256().ifPresent(v -> node.put("condaLockSha256", v));
        m.requirementsLockSha256().ifPresent(v -> node.put("requirementsLockSha256", v));
        signature.ifPresent(sig -> node.set("signature", sig.json()));
        return node;
    }
}
