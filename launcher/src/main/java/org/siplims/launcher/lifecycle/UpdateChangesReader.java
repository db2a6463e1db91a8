package org.siplims.launcher.lifecycle;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.siplims.core.image.Digest;
import org.siplims.core.release.PackageChanges;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.launcher.engine.RunnableImage;
import org.siplims.launcher.release.ReleaseContents;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.UpdateChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what an offered update changes, once per offered digest, on a thread of its own (it asks
 * the registry for two image configs and two SBOM attestations: never on the worker's path), and
 * adds it to the status. It watches the status: whenever a release is offered whose changes are
 * not known yet, it reads them. Nothing here can withdraw or break the offer: what cannot be read
 * is left out, with the reason.
 */
final class UpdateChangesReader {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateChangesReader.class);
    private final LauncherContext ctx;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "launcher-update-changes");
        t.setDaemon(true);
        return t;
    });
    /** The offer last asked for, and the check that offered it; read and written on the event thread only. */
    private Optional<Digest> requested = Optional.empty();
    private Optional<java.time.Instant> requestedAtCheck = Optional.empty();
    /**
     * The last read found no package list (e.g. the SBOM was attached after the channel moved):
     * read again after the next check.
     */
    private volatile boolean incomplete;

    UpdateChangesReader(LauncherContext ctx) {
        this.ctx = Objects.requireNonNull(ctx);
    }

    /** Called with every new status: starts a read when a release is offered whose changes are not asked for yet. */
    void onStatus(Status s) {
        RunnableImage running = ctx.session().running();
        if (!s.update().available() || s.update().remoteDigest().isEmpty() || running == null) {
            return;
        }
        boolean readAlready = requested.equals(s.update().remoteDigest())
                && !(incomplete && !s.update().checkedAt().equals(requestedAtCheck));
        if (readAlready) {
            return;
        }
        Digest offered = s.update().remoteDigest().get();
        requested = Optional.of(offered);
        requestedAtCheck = s.update().checkedAt();
        incomplete = false;
        reader.execute(() -> {
            try {
                UpdateChanges changes = read(running, offered);
                incomplete = changes.packages().isEmpty();
                ctx.status().amend(now -> now.withChanges(Optional.of(changes)));
            } catch (RuntimeException e) {
                LOG.warn("What the update to {} changes could not be read: {}", offered.shortForm(), e.getMessage());
            }
        });
    }

    UpdateChanges read(RunnableImage running, Digest offered) {
        Optional<org.siplims.core.signing.TrustedKeys> keys = ctx.trust().trustedKeys();
        ReleaseContents to = ctx.releases().contents(running.repository(), offered, running.platform(), keys);
        ReleaseContents from = running.digest()
                .map(d -> ctx.releases().contents(running.repository(), d, running.platform(), keys))
                .orElse(ReleaseContents.unknown("the running version is a build made on this computer"));
        ReleaseMetadata was = running.release();
        Optional<ReleaseMetadata> will = to.metadata();
        Optional<PackageChanges> packages = Optional.empty();
        Optional<String> missing;
        if (to.packages().isPresent() && from.packages().isPresent()) {
            packages = Optional.of(PackageChanges.between(from.packages().orElse(List.of()), to.packages().orElse(List.of())));
            missing = Optional.empty();
        } else if (to.packages().isEmpty()) {
            missing = to.packagesMissing();
        } else {
            missing = from.packagesMissing().map(m -> "for the running version, " + m);
        }
        return new UpdateChanges(offered, was.version(), will.map(ReleaseMetadata::version).orElse("unknown"), was.buildDate(),
                will.flatMap(ReleaseMetadata::buildDate), was.commit(), will.map(ReleaseMetadata::commit).orElse("unknown"),
                to.notes(), packages, packages.isPresent() && to.packagesVerified() && from.packagesVerified(), missing);
    }
}
