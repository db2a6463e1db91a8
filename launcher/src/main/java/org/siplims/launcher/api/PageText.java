package org.siplims.launcher.api;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.siplims.launcher.status.ImageInfo;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.UpdateInfo;
import org.siplims.launcher.status.UpdateOffer;

/**
 * The words the status page shows for a {@link Status}, computed on the server from the same
 * snapshot {@code /api/status} returns, so the page the server sends never contradicts its state
 * (no "Version not known yet" under a RUNNING headline). {@code launcher.js} says the same things
 * when the status changes; keep the two in step.
 */
final class PageText {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private PageText() {
    }

    static String imageVersion(Status s) {
        return s.image().map(i -> known(i.version()) ? i.version() : "not labelled").orElse(notYet(s));
    }

    static String imageCommit(Status s) {
        return s.image().map(ImageInfo::commit).filter(PageText::known).map(c -> c.substring(0, Math.min(12, c.length()))).orElse("–");
    }

    static String imageBuilt(Status s) {
        return s.image().flatMap(ImageInfo::buildDate).map(DATE_TIME::format).orElse("–");
    }

    static String imageDigest(Status s) {
        Optional<ImageInfo> i = s.image();
        if (i.isEmpty()) {
            return "–";
        }
        return i.get().digest().map(d -> "sha256:" + d.shortForm())
                .orElse("only on this computer (" + i.get().reference().substring(0, Math.min(19, i.get().reference().length())) + ")");
    }

    static String imagePlatform(Status s) {
        return s.image().map(i -> i.platform() + (i.emulated() ? " (runs under emulation)" : " (runs natively)")).orElse("–");
    }

    /** Whether the release is signed, said once and calmly in the Version box (as launcher.js says it). */
    static String signatureNote(Status s) {
        return s.image().map(ImageInfo::verification).map(v -> v.kind() == org.siplims.launcher.trust.Verification.Kind.VERIFIED
                ? "verified, signed by key " + v.keyId().orElse("?")
                : v.message().isBlank() ? v.kind().json() : v.message()).orElse("–");
    }

    static String dockerVersion(Status s) {
        if (s.docker().available()) {
            String engine = s.docker().engine() != null ? s.docker().engine()
                    : "running" + (s.docker().version() == null ? "" : ", version " + s.docker().version());
            return engine + (s.docker().host() == null ? "" : " at " + s.docker().host());
        }
        return s.state() == LauncherState.DOCKER_UNAVAILABLE ? "not answering" : "not asked yet";
    }

    static String updateText(Status s) {
        UpdateInfo u = s.update();
        if (u.available()) {
            return "A release is offered at the top of this page.";
        }
        if (u.refused().isPresent()) {
            return "You keep " + u.refused().get().runningVersion() + ": the older release the server offers was not installed (below).";
        }
        if (u.checkedAt().isPresent() && u.remoteDigest().isPresent() && u.error().isEmpty()) {
            return "You have the current release (checked " + DATE_TIME.format(u.checkedAt().get()) + ").";
        }
        if (u.checkedAt().isPresent()) {
            return "Could not check for updates (tried " + DATE_TIME.format(u.checkedAt().get()) + ").";
        }
        return "Not checked yet.";
    }

    /** The offer shown under the headline: only while the app runs, never during a switch. */
    static Optional<UpdateOffer> offer(Status s) {
        return s.state() == LauncherState.RUNNING ? s.update().offer() : Optional.empty();
    }

    static String offerButton(Optional<UpdateOffer> o) {
        return o.map(x -> x.kind() == UpdateOffer.Kind.WITHDRAWN ? "Go back to " + x.label() : "Update now").orElse("Update now");
    }

    static String offerExplain(Optional<UpdateOffer> o) {
        if (o.isEmpty()) {
            return "";
        }
        String restart = "The workflow manager restarts with " + o.get().label() + ": it is unavailable for a minute or so, "
                + "so save your work in it first. If it does not start properly, the launcher goes back to " + o.get().fromVersion() + ".";
        return o.get().kind() == UpdateOffer.Kind.WITHDRAWN ? restart
                : "The new version downloads while this one keeps running. " + restart;
    }

    private static boolean known(String text) {
        return text != null && !text.isBlank() && !text.equals("unknown");
    }

    private static String notYet(Status s) {
        return s.state() == LauncherState.PULLING ? "downloading…" : "not known yet";
    }
}
