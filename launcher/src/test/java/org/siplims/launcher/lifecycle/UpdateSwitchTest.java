package org.siplims.launcher.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.engine.EmulationMissingException;
import org.siplims.core.docker.LocalImage;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.testing.FakeVerifier;

/** The update and roll-back decisions of {@link UpdateSwitch}, over an in-memory engine and registry. */
class UpdateSwitchTest {
    private final LocalImage one = Fixture.release(1);
    private final LocalImage two = Fixture.release(2);

    /** Release one runs; the registry's channel then names {@code next}. */
    private Fixture runningOne(FakeVerifier trust, LocalImage next) throws Exception {
        Fixture f = new Fixture(false, trust);
        f.engine.has(one).offer(next);
        f.registry.channelNames(one);
        f.bringUp();
        assertEquals(LauncherState.RUNNING, f.status.get().state());
        f.registry.channelNames(next);
        return f;
    }

    @Test
    void upToDateChangesNothing() throws Exception {
        Fixture f = runningOne(FakeVerifier.noKeys(), one);
        String container = f.ctx.session().containerId();

        UpdateOutcome outcome = f.updates.checkAndApply();

        assertInstanceOf(UpdateOutcome.UpToDate.class, outcome);
        assertEquals(LauncherState.RUNNING, f.status.get().state());
        assertEquals(container, f.ctx.session().containerId());
        assertTrue(f.engine.pulls().isEmpty());
    }

    @Test
    void aNewerReleaseIsPulledAndSwitchedTo() throws Exception {
        Fixture f = runningOne(FakeVerifier.noKeys(), two);

        UpdateOutcome outcome = f.updates.checkAndApply();

        UpdateOutcome.Switched switched = assertInstanceOf(UpdateOutcome.Switched.class, outcome);
        assertEquals(two.repoDigest(), switched.to().digest());
        assertEquals(LauncherState.RUNNING, f.status.get().state());
        assertEquals(Optional.of(two.id()), f.engine.runningImage("fake-app"));
        assertEquals(two.repoDigest(), f.ctx.session().running().digest());
        assertEquals(1, f.engine.containerCount());
        assertEquals(f.ctx.session().containerId(), f.status.get().container().orElseThrow().id());
    }

    /** Issue 17, item 2: the folder is checked again where the new container is prepared, before the old one stops. */
    @Test
    void aProjectFolderThatNowLeadsSomewhereRefusedStopsTheUpdateBeforeTheRunningAppIsTouched() throws Exception {
        Fixture f = runningOne(FakeVerifier.noKeys(), two);
        String serving = f.ctx.session().containerId();
        f.realPaths.put("/tmp/project", "/etc"); // swapped for a link after it was chosen

        assertThrows(org.siplims.launcher.paths.InvalidFolderException.class, f.updates::checkAndApply);

        assertEquals(serving, f.ctx.session().containerId());
        assertEquals(Optional.of(one.id()), f.engine.runningImage("fake-app"), "the running app was not stopped");
        assertEquals(1, f.engine.containerCount());
    }

    @Test
    void theFolderIsMountedAsItResolvesAtTheStartNotAsItWasChosen() throws Exception {
        Fixture f = runningOne(FakeVerifier.noKeys(), two);
        f.realPaths.put("/tmp/project", "/tmp/elsewhere/project"); // moved, and a link left behind: still allowed

        f.updates.checkAndApply();

        assertEquals("/tmp/elsewhere/project", f.status.get().project().orElseThrow().path(), "the status shows what is mounted");
        assertEquals(List.of("/tmp/elsewhere/project"), f.engine.mountedProjects());
    }

    @Test
    void aNewReleaseThatDoesNotStartIsRolledBack() throws Exception {
        Fixture f = runningOne(FakeVerifier.noKeys(), two);
        f.engine.crashes(two);

        UpdateOutcome outcome = f.updates.checkAndApply();

        UpdateOutcome.RolledBack back = assertInstanceOf(UpdateOutcome.RolledBack.class, outcome);
        assertEquals(one.repoDigest(), back.previous().digest());
        assertEquals(LauncherState.RUNNING, f.status.get().state());
        assertEquals(Optional.of(one.id()), f.engine.runningImage("fake-app"));
        assertEquals(one.repoDigest(), f.ctx.session().running().digest());
        assertTrue(f.status.get().update().available(), "the newer release is still offered");
        assertTrue(f.status.get().update().error().isPresent(), "the status says why the update did not stay");
    }

    @Test
    void aNewReleaseForAnotherProcessorIsRolledBackToo() throws Exception {
        Fixture f = runningOne(FakeVerifier.noKeys(), two);
        f.engine.wrongProcessor(two);

        assertInstanceOf(UpdateOutcome.RolledBack.class, f.updates.checkAndApply());
        assertEquals(Optional.of(one.id()), f.engine.runningImage("fake-app"));
    }

    @Test
    void aRefusedSignatureKeepsTheRunningVersion() throws Exception {
        Fixture f = runningOne(FakeVerifier.withKey().signed(one.repoDigest().get()), two);

        UpdateOutcome outcome = f.updates.checkAndApply();

        assertInstanceOf(UpdateOutcome.Refused.class, outcome);
        assertEquals(LauncherState.RUNNING, f.status.get().state());
        assertEquals(Optional.of(one.id()), f.engine.runningImage("fake-app"));
        assertTrue(f.engine.pulls().isEmpty(), "nothing refused is downloaded");
        assertEquals(false, f.status.get().update().available(), "a refused release is not offered");
    }

    @Test
    void withNothingServingTheCallerBringsTheAppUp() throws Exception {
        Fixture f = new Fixture(false, FakeVerifier.noKeys());
        f.engine.offer(two);
        f.registry.channelNames(two);

        assertInstanceOf(UpdateOutcome.NotServing.class, f.updates.checkAndApply());
        assertTrue(f.engine.pulls().isEmpty());
    }

    @Test
    void aRegistryThatDoesNotAnswerChangesNothing() throws Exception {
        Fixture f = runningOne(FakeVerifier.noKeys(), two);
        f.registry.down();

        assertInstanceOf(UpdateOutcome.CheckFailed.class, f.updates.checkAndApply());
        assertEquals(LauncherState.RUNNING, f.status.get().state());
        assertEquals(Optional.of(one.id()), f.engine.runningImage("fake-app"));
    }

    @Test
    void anImageForAnotherProcessorIsReportedAsMissingEmulation() {
        Fixture f = new Fixture(false, FakeVerifier.noKeys());
        f.engine.has(one).wrongProcessor(one);
        f.registry.channelNames(one);

        assertThrows(EmulationMissingException.class, f::bringUp);
        assertEquals(List.of(), f.engine.pulls());
    }
}
