package org.siplims.launcher.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryException;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.status.UpdateOffer;
import org.siplims.launcher.status.UpdateRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the launcher offers when the channel names another release than the one running: its
 * version, date and commit (read from the registry's labels, no layers downloaded), and whether
 * it is an update or the release the maintainer went back to. Offers only: installing is the
 * user's choice ({@link Supervisor#update}), and a skipped release is not offered again.
 */
final class UpdateOffers {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateOffers.class);
    private static final Pattern VERSION = Pattern.compile("v?(\\d+(?:\\.\\d+)*)(?:[-+].*)?");
    private final LauncherContext ctx;

    UpdateOffers(LauncherContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The offer for {@code remote}, when it is offered at all: not when it runs already, its
     * signature was refused, it was skipped, or it is an older release that no trusted rollback
     * record allows ({@link DowngradeRule}; then the refusal is recorded in the session and the
     * status, {@code update.refused}). {@code known} is the offer found before, reused when it is
     * about the same release. Versions are compared as the maintainer signed them (the verified
     * signature's version claim) when trusted keys are configured, else, or when a signature states
     * none, by the labels (which the signed digest covers too).
     */
    Optional<UpdateOffer> describe(ImageReference channel, Digest remote, Optional<UpdateOffer> known) {
        RunnableImage running = ctx.session().running();
        if (running == null || running.digest().equals(Optional.of(remote)) || ctx.session().signatureRefusal(remote).isPresent()
                || ctx.session().skipped().equals(Optional.of(remote))) {
            return Optional.empty();
        }
        if (known.isPresent() && known.get().digest().equals(remote) && ctx.session().downgradeRefusal(remote).isEmpty()
                && known.get().kind() == UpdateOffer.Kind.UPDATE) {
            return known; // a newer release stays newer; whether going back is allowed is asked again each time
        }
        Judged judged = judge(channel, remote, running);
        if (judged.refusal().isPresent()) {
            UpdateRefusal refusal = judged.refusal().get();
            ctx.session().downgrade(Optional.of(refusal));
            ctx.status().amend(s -> s.withUpdate(s.update().withRefusal(refusal)));
            return Optional.empty();
        }
        ctx.session().downgrade(Optional.empty());
        return judged.offer();
    }

    /** What {@link #judge} found: an offer, or a refusal. */
    record Judged(Optional<UpdateOffer> offer, Optional<UpdateRefusal> refusal) {
    }

    /**
     * Whether the release the channel names ({@code remote}) may take the place of {@code current}
     * (running, or the newest verified release on this computer): an UPDATE or a WITHDRAWN offer, or a
     * refusal ({@link DowngradeRule}). Records nothing.
     */
    Judged judge(ImageReference channel, Digest remote, RunnableImage current) {
        ReleaseMetadata offered;
        try {
            offered = ctx.releases().resolve(channel, remote, ctx.session().engine().platform()).release();
        } catch (RegistryException e) {
            // Offered all the same, by its digest: the labels are a courtesy.
            LOG.debug("Could not read the labels of {}", remote, e);
            offered = ReleaseMetadata.fromLabels(Map.of());
        }
        String offeredVersion = ctx.trust().signedVersion(channel, remote).orElse(offered.version());
        String runningVersion = current.digest().flatMap(d -> ctx.trust().signedVersion(channel, d)).orElse(current.release().version());
        boolean older = older(offeredVersion, offered.buildDate(), runningVersion, current.release().buildDate());
        boolean enforcing = ctx.trust().enforcing();
        DowngradeRule.Decision decision = DowngradeRule.decide(enforcing, older, channel, runningVersion, remote,
                older && enforcing ? ctx.trust().rollbackRecords(channel, remote) : List.of());
        if (decision == DowngradeRule.Decision.REFUSED) {
            LOG.warn("Refused {} ({}): older than {}, and no rollback record signed by a trusted key allows going back",
                    offeredVersion, remote, runningVersion);
            return new Judged(Optional.empty(), Optional.of(UpdateRefusal.downgrade(remote, shown(offeredVersion, remote),
                    shown(runningVersion, current))));
        }
        UpdateOffer.Kind kind = decision == DowngradeRule.Decision.WITHDRAWN ? UpdateOffer.Kind.WITHDRAWN : UpdateOffer.Kind.UPDATE;
        return new Judged(Optional.of(new UpdateOffer(kind, remote, offeredVersion, offered.commit(), offered.buildDate(),
                shown(runningVersion, current))), Optional.empty());
    }

    private static String shown(String version, Digest digest) {
        return version == null || version.isBlank() || version.equals("unknown") ? digest.shortForm() : version;
    }

    private static String shown(String version, RunnableImage image) {
        return version == null || version.isBlank() || version.equals("unknown") ? label(image) : version;
    }

    /** A release in a word or two: its version, else its short digest. */
    static String label(RunnableImage image) {
        String version = image.release().version();
        return version.equals("unknown") ? image.digest().map(Digest::shortForm).orElse(image.imageId().shortForm()) : version;
    }

    /**
     * Whether {@code candidate} is older than {@code running}: by version numbers when both have
     * them (1.10.0 is newer than 1.9.2), else by build date; when neither says, it is not older.
     */
    static boolean older(ReleaseMetadata candidate, ReleaseMetadata running) {
        return older(candidate.version(), candidate.buildDate(), running.version(), running.buildDate());
    }

    /** As {@link #older(ReleaseMetadata, ReleaseMetadata)}, for versions (signed, or labels) and build dates. */
    static boolean older(String candidateVersion, Optional<java.time.Instant> candidateDate, String runningVersion,
                         Optional<java.time.Instant> runningDate) {
        Optional<int[]> a = numbers(candidateVersion);
        Optional<int[]> b = numbers(runningVersion);
        if (a.isPresent() && b.isPresent()) {
            int c = compare(a.get(), b.get());
            if (c != 0) {
                return c < 0;
            }
        }
        if (candidateDate.isPresent() && runningDate.isPresent()) {
            return candidateDate.get().isBefore(runningDate.get());
        }
        return false;
    }

    private static Optional<int[]> numbers(String version) {
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.matches()) {
            return Optional.empty();
        }
        String[] parts = m.group(1).split("\\.");
        int[] n = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                n[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            return Optional.empty(); // absurdly long numbers: not a version to compare
        }
        return Optional.of(n);
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }
}
