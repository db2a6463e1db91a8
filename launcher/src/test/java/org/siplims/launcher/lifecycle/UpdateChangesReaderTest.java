package org.siplims.launcher.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.docker.LocalImage;
import org.siplims.core.release.PackageChanges;
import org.siplims.core.release.PackageChanges.Package;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.UpdateChanges;
import org.siplims.launcher.testing.FakeVerifier;

/** What an offered update changes: read once the offer stands, added to the status, and never breaking the offer. */
class UpdateChangesReaderTest {
    private final LocalImage one = Fixture.release(1);
    private final LocalImage two = Fixture.release(2);

    private Fixture offeringTwo() throws Exception {
        Fixture f = new Fixture(false, FakeVerifier.noKeys());
        f.engine.has(one).offer(two);
        f.registry.channelNames(one);
        f.bringUp();
        assertEquals(LauncherState.RUNNING, f.status.get().state());
        f.registry.channelNames(two);
        return f;
    }

    @Test
    void anOfferGetsItsVersionNotesAndPackageChanges() throws Exception {
        Fixture f = offeringTwo();
        f.registry.sbom(one.repoDigest().orElseThrow(), null, new Package("pypi", "streamlit", "1.38.0"), new Package("pypi", "old", "1"));
        f.registry.sbom(two.repoDigest().orElseThrow(), "Faster plate import", new Package("pypi", "streamlit", "1.40.1"),
                new Package("conda", "new", "2"));
        f.status.changes().subscribe(new UpdateChangesReader(f.ctx)::onStatus);

        f.updates.check();

        UpdateChanges c = awaitChanges(f);
        assertEquals(two.repoDigest().orElseThrow(), c.offered());
        assertEquals("1.1", c.fromVersion());
        assertEquals("1.2", c.toVersion());
        assertEquals(one.release().buildDate(), c.fromDate());
        assertEquals(two.release().buildDate(), c.toDate());
        assertEquals(Optional.of("Faster plate import"), c.notes());
        PackageChanges p = c.packages().orElseThrow();
        assertEquals(List.of(new PackageChanges.Change("pypi", "streamlit", "1.38.0", "1.40.1")), p.changed());
        assertEquals(List.of(new Package("conda", "new", "2")), p.added());
        assertEquals(List.of(new Package("pypi", "old", "1")), p.removed());
        assertFalse(c.packagesVerified(), "no trusted keys: read unchecked, and said so");
        assertTrue(f.status.get().update().available());
    }

    @Test
    void aMissingSbomLeavesTheOfferWithoutAPackageListAndSaysWhy() throws Exception {
        Fixture f = offeringTwo();
        f.registry.sbom(one.repoDigest().orElseThrow(), null, new Package("pypi", "streamlit", "1.38.0"));
        f.status.changes().subscribe(new UpdateChangesReader(f.ctx)::onStatus);

        f.updates.check();

        UpdateChanges c = awaitChanges(f);
        assertEquals("1.2", c.toVersion());
        assertTrue(c.packages().isEmpty());
        assertTrue(c.packagesMissing().isPresent());
        assertTrue(f.status.get().update().available(), "the offer stands");
    }

    @Test
    void anSbomAddedAfterTheOfferIsReadAtTheNextCheck() throws Exception {
        Fixture f = offeringTwo();
        f.registry.sbom(one.repoDigest().orElseThrow(), null, new Package("pypi", "streamlit", "1.38.0"));
        f.status.changes().subscribe(new UpdateChangesReader(f.ctx)::onStatus);
        f.updates.check();
        assertTrue(awaitChanges(f).packages().isEmpty());

        f.registry.sbom(two.repoDigest().orElseThrow(), null, new Package("pypi", "streamlit", "1.40.1"));
        Thread.sleep(5); // the next check is at a later time
        f.updates.check();

        long end = System.nanoTime() + 5_000_000_000L;
        while (f.status.get().changes().orElseThrow().packages().isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(List.of(new PackageChanges.Change("pypi", "streamlit", "1.38.0", "1.40.1")),
                f.status.get().changes().orElseThrow().packages().orElseThrow().changed());
    }

    private static UpdateChanges awaitChanges(Fixture f) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            Optional<UpdateChanges> c = f.status.get().changes();
            if (c.isPresent()) {
                return c.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the changes were never read; status: " + f.status.get());
    }
}
