package org.siplims.launcher.mirror;

import java.util.Optional;
import org.siplims.launcher.config.LabMirror;

/**
 * How the last release was fetched, when that is worth a sentence on the page: the mirror failed
 * and the origin was used, or the origin could not be reached and the mirror was used. Written by
 * the mirrored release source and engine, read when the chosen image is reported.
 */
public final class MirrorRoute {
    private final LabMirror mirror;
    private volatile String note;

    public MirrorRoute(LabMirror mirror) {
        this.mirror = mirror;
    }

    public LabMirror mirror() {
        return mirror;
    }

    /** A new check begins: what the last one said no longer holds. */
    void reset() {
        note = null;
    }

    void mirrorFailed(String origin, String reason) {
        note = "The lab mirror " + mirror + " failed (" + clause(reason) + "), so the release was downloaded from " + origin + " directly.";
    }

    void originUnreachable(String origin, String reason, String release) {
        note = origin + " could not be reached (" + clause(reason) + "), so the launcher used " + release
                + " from the lab mirror " + mirror + ", the newest it holds whose signature checks out.";
    }

    /** The sentence for the page, if the last fetch did not go the usual way. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    private static String clause(String reason) {
        String r = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        while (r.endsWith(".")) {
            r = r.substring(0, r.length() - 1);
        }
        return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
    }
}
