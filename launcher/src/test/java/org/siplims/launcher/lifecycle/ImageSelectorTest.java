package org.siplims.launcher.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.UserFacingException;
import org.siplims.core.docker.LocalImage;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.trust.Verification;
import org.siplims.launcher.testing.FakeVerifier;

/** Which image the app runs, decided over an in-memory engine and registry. */
class ImageSelectorTest {
    private final LocalImage one = Fixture.release(1);
    private final LocalImage two = Fixture.release(2);
    private final LocalImage three = Fixture.release(3);

    @Test
    void onlineTheChannelsNewestReleaseIsPulledAndChosenWhenInstallingUpdatesAtStart() throws Exception {
        Fixture f = new Fixture(false, FakeVerifier.noKeys(), true);
        f.engine.has(one).offer(two);
        f.registry.channelNames(two);

        ImageSelector.Choice choice = f.selector.choose(f.ctx.session().engine());

        assertEquals(two.repoDigest(), choice.image().digest());
        assertEquals(List.of(two.repoDigest().get()), f.engine.pulls());
        assertEquals(LauncherState.PULLING, f.status.get().state());
        assertEquals(Optional.of(two.repoDigest().get()), f.status.get().update().remoteDigest());
    }

    @Test
    void onlineAReleaseAlreadyHereIsNotPulledAgain() throws Exception {
        Fixture f = new Fixture(false, FakeVerifier.noKeys());
        f.engine.has(one).has(two);
        f.registry.channelNames(two);

        ImageSelector.Choice choice = f.selector.choose(f.ctx.session().engine());

        assertEquals(two.repoDigest(), choice.image().digest());
        assertTrue(f.engine.pulls().isEmpty());
        assertEquals(List.of("digest"), f.registry.calls());
    }

    @Test
    void offlineTheNewestLocalImageIsChosenWithoutAskingTheRegistry() throws Exception {
        Fixture f = new Fixture(true, FakeVerifier.noKeys());
        f.engine.has(one).has(two);

        ImageSelector.Choice choice = f.selector.choose(f.ctx.session().engine());

        assertEquals(two.repoDigest(), choice.image().digest());
        assertTrue(f.registry.calls().isEmpty());
        assertEquals(LauncherState.CHECKING, f.status.get().state());
    }

    @Test
    void aRefusedReleaseIsNotRunTheNewestVerifiedLocalOneIs() throws Exception {
        FakeVerifier trust = FakeVerifier.withKey().verifiedBefore(one.repoDigest().get());
        Fixture f = new Fixture(false, trust);
        f.engine.has(one).has(two).offer(three); // two: here but never verified; three: unsigned
        f.registry.channelNames(three);

        ImageSelector.Choice choice = f.selector.choose(f.ctx.session().engine());

        assertEquals(one.repoDigest(), choice.image().digest());
        assertEquals(Verification.Kind.VERIFIED, choice.image().verification().kind());
        assertFalse(choice.note().isEmpty(), "the status says why another release runs");
        assertTrue(f.engine.pulls().isEmpty(), "nothing refused is downloaded");
        assertTrue(f.ctx.session().refusal(three.repoDigest().get()).isPresent());
    }

    @Test
    void aRefusedReleaseWithNoVerifiedOneHereStartsNothing() {
        Fixture f = new Fixture(false, FakeVerifier.withKey());
        f.engine.offer(three);
        f.registry.channelNames(three);

        assertThrows(UserFacingException.class, () -> f.selector.choose(f.ctx.session().engine()));
        assertTrue(f.engine.pulls().isEmpty());
        assertEquals(Verification.Kind.REFUSED, f.status.get().image().orElseThrow().verification().kind());
    }

    @Test
    void registryDownTheNewestLocalImageRuns() throws Exception {
        Fixture f = new Fixture(false, FakeVerifier.noKeys());
        f.engine.has(two).has(one);
        f.registry.down();

        ImageSelector.Choice choice = f.selector.choose(f.ctx.session().engine());

        assertEquals(two.repoDigest(), choice.image().digest());
        assertFalse(choice.note().isEmpty(), "the status says the check failed");
        assertTrue(f.status.get().update().error().isPresent());
    }

    @Test
    void registryDownAndNoLocalCopyIsAnErrorForThePerson() {
        Fixture f = new Fixture(false, FakeVerifier.noKeys());
        f.registry.down();

        UserFacingException e = assertThrows(UserFacingException.class, () -> f.selector.choose(f.ctx.session().engine()));
        assertTrue(e.hint() != null && !e.hint().isBlank());
    }

    @Test
    void offlineWithNoLocalCopyIsAnErrorForThePerson() {
        Fixture f = new Fixture(true, FakeVerifier.noKeys());

        assertThrows(UserFacingException.class, () -> f.selector.choose(f.ctx.session().engine()));
        assertTrue(f.registry.calls().isEmpty());
    }
}
