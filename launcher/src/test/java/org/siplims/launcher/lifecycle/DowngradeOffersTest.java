package org.siplims.launcher.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.image.Digest;
import org.siplims.core.signing.RollbackRecord;
import org.siplims.launcher.status.UpdateOffer;
import org.siplims.launcher.status.UpdateRefusal;
import org.siplims.launcher.testing.FakeVerifier;

/**
 * Issue 17 item 8, wired into the offers: with trusted keys, a channel moved to an older signed
 * release is an offer only when the maintainer's signed rollback record allows it; otherwise it is
 * neither offered nor installed, the running app keeps running, and the status says why. Versions
 * are compared as the maintainer signed them, not by labels alone.
 */
class DowngradeOffersTest {
    private final LocalImage one = Fixture.release(1);
    private final LocalImage two = Fixture.release(2);
    private final LocalImage three = Fixture.release(3);

    private static Digest digest(LocalImage image) {
        return image.repoDigest().orElseThrow();
    }

    /** {@code first} runs, verified; the channel then names {@code next}. */
    private Fixture running(FakeVerifier trust, LocalImage first, LocalImage next) throws Exception {
        Fixture f = new Fixture(false, trust);
        f.engine.has(first).offer(next);
        f.registry.channelNames(first);
        f.bringUp();
        f.registry.channelNames(next);
        return f;
    }

    @Test
    void anOlderSignedReleaseWithoutARollbackRecordIsNeitherOfferedNorInstalled() throws Exception {
        FakeVerifier trust = FakeVerifier.withKey().signedAs(digest(one), "1.1").signedAs(digest(two), "1.2");
        Fixture f = running(trust, two, one);
        String container = f.ctx.session().containerId();

        f.updates.check();
        assertTrue(f.status.get().update().offer().isEmpty(), "not offered");
        assertFalse(f.status.get().update().available());
        UpdateRefusal refusal = f.status.get().update().refused().orElseThrow();
        assertEquals(UpdateRefusal.Kind.DOWNGRADE_REFUSED, refusal.kind());
        assertEquals(digest(one), refusal.digest());
        assertEquals("1.1", refusal.version());
        assertEquals("1.2", refusal.runningVersion());
        assertTrue(f.status.get().update().error().orElseThrow().contains("maintainer"), f.status.get().update().error().toString());

        assertInstanceOf(UpdateOutcome.Refused.class, f.updates.checkAndApply());
        assertTrue(f.engine.pulls().isEmpty(), "nothing downloaded");
        assertEquals(container, f.ctx.session().containerId(), "the running app keeps running");
        assertEquals(two.repoDigest(), f.ctx.session().running().digest());
        assertTrue(f.status.get().update().refused().isPresent(), "still said after the attempt");
    }

    @Test
    void anOlderReleaseWithTheMaintainersSignedRecordIsOfferedAsWithdrawnAndInstalledOnRequest() throws Exception {
        FakeVerifier trust = FakeVerifier.withKey().signedAs(digest(one), "1.1").signedAs(digest(two), "1.2");
        Fixture f = running(trust, two, one);
        f.engine.has(one);
        f.updates.check();
        assertTrue(f.status.get().update().refused().isPresent(), "refused while there is no record");

        // The maintainer runs `publisher rollback 1.1` with the signing key: the next check finds the record.
        trust.rollbackRecord(RollbackRecord.of(Fixture.REPO, "1.2", digest(two), "1.1", digest(one)));
        f.updates.check();
        UpdateOffer offer = f.status.get().update().offer().orElseThrow();
        assertEquals(UpdateOffer.Kind.WITHDRAWN, offer.kind());
        assertTrue(f.status.get().update().refused().isEmpty());
        assertTrue(f.status.get().update().error().isEmpty(), f.status.get().update().error().toString());

        assertInstanceOf(UpdateOutcome.Switched.class, f.updates.checkAndApply());
        assertEquals(one.repoDigest(), f.ctx.session().running().digest());
        assertTrue(f.status.get().message().contains("Went back to 1.1"), f.status.get().message());
    }

    @Test
    void aRecordForAnotherRunningVersionDoesNotAllowIt() throws Exception {
        FakeVerifier trust = FakeVerifier.withKey().signedAs(digest(one), "1.1").signedAs(digest(two), "1.2")
                .rollbackRecord(RollbackRecord.of(Fixture.REPO, "1.5", Digest.of("another"), "1.1", digest(one)));
        Fixture f = running(trust, two, one);
        f.updates.check();
        assertTrue(f.status.get().update().offer().isEmpty());
        assertTrue(f.status.get().update().refused().isPresent());
    }

    @Test
    void theSignedVersionDecidesNotTheLabels() throws Exception {
        // Release 3's labels say 1.3 (newer than 1.2), but the maintainer signed it as 1.0: it is older.
        FakeVerifier trust = FakeVerifier.withKey().signedAs(digest(two), "1.2").signedAs(digest(three), "1.0");
        Fixture f = running(trust, two, three);
        f.updates.check();
        assertTrue(f.status.get().update().offer().isEmpty(), "not offered as an update");
        assertEquals("1.0", f.status.get().update().refused().orElseThrow().version());
    }

    @Test
    void aNewerSignedReleaseIsStillAnUpdate() throws Exception {
        FakeVerifier trust = FakeVerifier.withKey().signedAs(digest(one), "1.1").signedAs(digest(two), "1.2");
        Fixture f = running(trust, one, two);
        f.updates.check();
        assertEquals(UpdateOffer.Kind.UPDATE, f.status.get().update().offer().orElseThrow().kind());
        assertTrue(f.status.get().update().refused().isEmpty());
    }

    @Test
    void atStartAnOlderChannelReleaseDoesNotReplaceANewerVerifiedReleaseHereWithoutARecord() throws Exception {
        // No release of last time to start first; install-updates-at-start; 1.2 verified before and here, the channel names 1.1.
        FakeVerifier trust = FakeVerifier.withKey().verifiedBefore(digest(two)).signedAs(digest(two), "1.2").signedAs(digest(one), "1.1");
        Fixture f = new Fixture(false, trust, true);
        f.engine.has(two).offer(one);
        f.registry.channelNames(one);
        ImageSelector.Choice choice = f.bringUp();
        assertEquals(two.repoDigest(), choice.image().digest(), "the newer verified release here runs");
        assertTrue(f.engine.pulls().isEmpty(), "the older release is not downloaded");
        assertEquals("1.1", f.status.get().update().refused().orElseThrow().version());
        assertFalse(f.status.get().update().available());

        // With the maintainer's record, install-updates-at-start goes back.
        FakeVerifier allowed = FakeVerifier.withKey().verifiedBefore(digest(two)).signedAs(digest(two), "1.2").signedAs(digest(one), "1.1")
                .rollbackRecord(RollbackRecord.of(Fixture.REPO, "1.2", digest(two), "1.1", digest(one)));
        Fixture g = new Fixture(false, allowed, true);
        g.engine.has(two).offer(one);
        g.registry.channelNames(one);
        assertEquals(one.repoDigest(), g.bringUp().image().digest());
        assertTrue(g.status.get().update().refused().isEmpty());
    }
}
