package org.siplims.launcher.config;

import java.util.Locale;
import java.util.Objects;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.ImageReference;

/**
 * A lab's pull-through mirror of the origin registry, {@code HOST[:PORT][/PREFIX]}: the origin's
 * repository {@code ghcr.io/lab/app} is found at {@code HOST/PREFIX/lab/app}. A mirror only
 * carries bytes: which release runs is still decided by the origin's digest (when the origin
 * answers) and by the signature, which names the origin's repository.
 *
 * @param host   the mirror's registry host, with its port if any
 * @param prefix the path in front of the origin's repository path, without slashes at either end; may be empty
 */
public record LabMirror(String host, String prefix) {
    public LabMirror {
        Objects.requireNonNull(host);
        prefix = prefix == null ? "" : prefix;
    }

    /**
     * Parses {@code HOST[:PORT][/PREFIX]} (a leading {@code http://} or {@code https://} and a
     * trailing slash are forgiven, since people copy addresses from a browser).
     *
     * @param source where the text came from, for the message (for example "(given with --mirror)")
     */
    public static LabMirror parse(String text, String source) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            t = t.substring("https://".length());
        } else if (lower.startsWith("http://")) {
            t = t.substring("http://".length());
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        String prefix = slash < 0 ? "" : t.substring(slash + 1);
        LabMirror mirror = new LabMirror(host.toLowerCase(Locale.ROOT), prefix);
        try {
            // Valid exactly when a repository can be named through it.
            ImageReference probe = mirror.at(ImageReference.parse("example.org/lab/app"));
            if (!probe.registry().equals(mirror.host)) {
                throw new IllegalArgumentException();
            }
        } catch (RuntimeException e) {
            throw new UserFacingException("'" + text + "' " + source + " is not a mirror address.",
                    "Give the mirror's host name and port, optionally with a path, for example mirror.lab.example:5000 "
                            + "or harbor.lab.example/ghcr-proxy.");
        }
        return mirror;
    }

    /** Where the mirror serves the origin's repository (tag and digest kept). */
    public ImageReference at(ImageReference origin) {
        String path = prefix.isEmpty() ? origin.repository() : prefix + "/" + origin.repository();
        ImageReference there = ImageReference.of(host, path);
        if (origin.tag().isPresent()) {
            there = there.withTag(origin.tag().get());
        }
        if (origin.digest().isPresent()) {
            there = there.withDigest(origin.digest().get());
        }
        return there;
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? host : host + "/" + prefix;
    }
}
