package org.siplims.launcher.lifecycle;

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
     * The offer for {@code remote}, when it is offered at all: not when it runs already, was refused
     * or skipped. {@code known} is the offer found before, reused when it is about the same release.
     */
    Optional<UpdateOffer> describe(ImageReference channel, Digest remote, Optional<UpdateOffer> known) {
        RunnableImage running = ctx.session().running();
        if (running == null || running.digest().equals(Optional.of(remote)) || ctx.session().refusal(remote).isPresent()
                || ctx.session().skipped().equals(Optional.of(remote))) {
            return Optional.empty();
        }
        if (known.isPresent() && known.get().digest().equals(remote)) {
            return known;
        }
        ReleaseMetadata offered;
        try {
            offered = ctx.releases().resolve(channel, remote, ctx.session().engine().platform()).release();
        } catch (RegistryException e) {
            // Offered all the same, by its digest: the labels are a courtesy.
            LOG.debug("Could not read the labels of {}", remote, e);
            offered = ReleaseMetadata.fromLabels(Map.of());
        }
        UpdateOffer.Kind kind = older(offered, running.release()) ? UpdateOffer.Kind.WITHDRAWN : UpdateOffer.Kind.UPDATE;
        return Optional.of(new UpdateOffer(kind, remote, offered.version(), offered.commit(), offered.buildDate(), label(running)));
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
        Optional<int[]> a = numbers(candidate.version());
        Optional<int[]> b = numbers(running.version());
        if (a.isPresent() && b.isPresent()) {
            int c = compare(a.get(), b.get());
            if (c != 0) {
                return c < 0;
            }
        }
        if (candidate.buildDate().isPresent() && running.buildDate().isPresent()) {
            return candidate.buildDate().get().isBefore(running.buildDate().get());
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
