package org.siplims.launcher.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.UpdateOffer;
import org.siplims.launcher.testing.FakeVerifier;

/**
 * Updates are offered, never forced (issue 16, findings 1 to 3): a check only checks, the offer
 * names the version, a skipped release is not offered again but a newer one is, a channel moved
 * back to an older release is offered as withdrawn, and the start runs what is here unless told
 * to install updates at start.
 */
class UpdateOfferTest {
    private final LocalImage one = Fixture.release(1);
    private final LocalImage two = Fixture.release(2);
    private final LocalImage three = Fixture.release(3);

    private Fixture running(LocalImage first, LocalImage next) throws Exception {
        Fixture f = new Fixture(false, FakeVerifier.noKeys());
        f.engine.has(first).offer(next);
        f.registry.channelNames(first);
        f.bringUp();
        f.registry.channelNames(next);
        return f;
    }

    @Test
    void aCheckOnlyOffersTheNewerReleaseWithItsVersionAndDownloadsNothing() throws Exception {
        Fixture f = running(one, two);
        String container = f.ctx.session().containerId();

        f.updates.check();

        UpdateOffer offer = f.status.get().update().offer().orElseThrow();
        assertEquals(UpdateOffer.Kind.UPDATE, offer.kind());
        assertEquals("1.2", offer.version());
        assertTrue(offer.headline().startsWith("Update available: 1.2 ("), offer.headline());
        assertFalse(offer.headline().contains("sha256"), "a version, not a digest: " + offer.headline());
        assertTrue(f.engine.pulls().isEmpty(), "nothing downloaded");
        assertEquals(container, f.ctx.session().containerId(), "nothing restarted");
        assertEquals(LauncherState.RUNNING, f.status.get().state(), "the banner stays Ready");
    }

    @Test
    void aSkippedReleaseIsNotOfferedAgainButTheNextNewerOneIs() throws Exception {
        Fixture f = running(one, two);
        f.updates.check();
        f.ctx.session().skipped(two.repoDigest());
        f.updates.check();
        assertFalse(f.status.get().update().available(), "skipped: not offered");
        assertTrue(f.status.get().update().offer().isEmpty());

        f.engine.offer(three);
        f.registry.channelNames(three);
        f.updates.check();
        assertEquals("1.3", f.status.get().update().offer().orElseThrow().version(), "a newer release is offered again");
    }

    @Test
    void aChannelMovedToAnOlderReleaseIsOfferedAsWithdrawnAndNeverCalledAnUpdate() throws Exception {
        Fixture f = running(two, one);
        f.engine.has(one);

        f.updates.check();
        UpdateOffer offer = f.status.get().update().offer().orElseThrow();
        assertEquals(UpdateOffer.Kind.WITHDRAWN, offer.kind());
        assertTrue(offer.headline().startsWith("The maintainer withdrew 1.2; going back to 1.1 is recommended"), offer.headline());

        UpdateOutcome outcome = f.updates.checkAndApply();
        assertInstanceOf(UpdateOutcome.Switched.class, outcome);
        String message = f.status.get().message();
        assertFalse(message.contains("Updated"), message);
        assertTrue(message.contains("Went back to 1.1") && message.contains("withdrew 1.2"), message);
    }

    @Test
    void theSwitchIsOneCoherentViewWithoutTheOffer() throws Exception {
        Fixture f = running(one, two);
        f.updates.check();
        java.util.List<String> starting = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Boolean> offeredWhileStarting = new java.util.concurrent.CopyOnWriteArrayList<>();
        f.status.changes().subscribe(s -> {
            if (s.state() == LauncherState.STARTING) {
                starting.add(s.message());
                offeredWhileStarting.add(s.update().offer().isPresent());
            }
        });
        f.updates.checkAndApply();
        long deadline = System.nanoTime() + 5_000_000_000L; // events are delivered on the bus's own thread
        while (starting.stream().noneMatch(m -> m.startsWith("Switching to")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(starting.stream().anyMatch(m -> m.equals("Switching to 1.2… (1.1 is stopped)")), starting.toString());
        assertFalse(offeredWhileStarting.contains(true), "the offer is hidden while switching");
    }

    @Test
    void theStartRunsTheReleaseHereAndOffersTheNewerOneUnlessToldToInstallAtStart() throws Exception {
        Fixture f = new Fixture(false, FakeVerifier.noKeys());
        f.engine.has(one).offer(two);
        f.registry.channelNames(two);
        ImageSelector.Choice choice = f.bringUp();
        assertEquals(one.repoDigest(), choice.image().digest(), "the release on this computer starts");
        assertTrue(f.engine.pulls().isEmpty(), "the newer release is not downloaded by itself");
        assertTrue(f.status.get().update().available(), "it is offered");

        Fixture installing = new Fixture(false, FakeVerifier.noKeys(), true);
        installing.engine.has(one).offer(two);
        installing.registry.channelNames(two);
        assertEquals(two.repoDigest(), installing.bringUp().image().digest(), "install-updates-at-start installs it");
    }

    @Test
    void versionsCompareAsNumbersThenByDate() {
        assertTrue(UpdateOffers.older(meta("1.9.2", null), meta("1.10.0", null)));
        assertFalse(UpdateOffers.older(meta("2.0.0", null), meta("1.0.0", null)));
        assertTrue(UpdateOffers.older(meta("dev", "2026-01-01T00:00:00Z"), meta("dev", "2026-02-01T00:00:00Z")));
        assertFalse(UpdateOffers.older(meta("dev", null), meta("dev", null)), "when nothing says, it is not older");
    }

    private static ReleaseMetadata meta(String version, String date) {
        return date == null ? ReleaseMetadata.fromLabels(Map.of(ReleaseLabels.VERSION, version))
                : ReleaseMetadata.fromLabels(Map.of(ReleaseLabels.VERSION, version, ReleaseLabels.BUILD_DATE, Instant.parse(date).toString()));
    }
}
