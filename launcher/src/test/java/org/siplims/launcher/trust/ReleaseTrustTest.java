package org.siplims.launcher.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.signing.TrustedKeys;

/** Where trusted keys come from, and what may run without the registry. */
class ReleaseTrustTest {
    private static final ImageReference REPO = ImageReference.parse("ghcr.io/lab/app");
    private static final Digest D1 = Digest.of("one");
    private static final Digest D2 = Digest.of("two");
    private static final java.util.function.Supplier<org.siplims.core.registry.RegistryClient> NO_REGISTRY = () -> {
        throw new AssertionError("the registry is not asked");
    };

    @TempDir
    Path dir;

    @Test
    void keysFromTheLauncherTheConfigFolderAndTheOptionAllCount() {
        SigningKey shipped = SigningKeys.generate();
        SigningKey user = SigningKeys.generate();
        SigningKey option = SigningKeys.generate();
        SigningKeys.writePublicKey(user.publicKey(), dir.resolve(TrustedKeySources.FILE_NAME));
        SigningKeys.writePublicKey(option.publicKey(), dir.resolve("extra.pem"));

        TrustedKeySources.Loaded loaded = TrustedKeySources.load(Optional.of(SigningKeys.publicKeyPem(shipped.publicKey())), dir,
                Optional.of(dir.resolve("extra.pem")));
        assertEquals(List.of(shipped.keyId(), user.keyId(), option.keyId()), loaded.keys().ids());
        assertEquals(3, loaded.sources().size());

        assertTrue(TrustedKeySources.load(Optional.empty(), dir.resolve("nothing-here"), Optional.empty()).keys().isEmpty(),
                "no key anywhere: none trusted");
    }

    @Test
    void aKeyFileWithoutKeyOrMissingIsAnError() throws Exception {
        Files.writeString(dir.resolve(TrustedKeySources.FILE_NAME), "just a note\n");
        UserFacingException empty = assertThrows(UserFacingException.class, () -> TrustedKeySources.load(Optional.empty(), dir, Optional.empty()));
        assertTrue(empty.getMessage().contains("holds no public key"), empty.getMessage());
        Files.delete(dir.resolve(TrustedKeySources.FILE_NAME));
        UserFacingException missing = assertThrows(UserFacingException.class,
                () -> TrustedKeySources.load(Optional.empty(), dir, Optional.of(dir.resolve("gone.pem"))));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void withoutKeysEverythingRunsUnverified() {
        ReleaseTrust trust = ReleaseTrust.of(TrustedKeys.of(List.of()), new VerifiedReleasesStore(dir, w -> { }), NO_REGISTRY);
        assertFalse(trust.enforcing());
        assertEquals(Verification.Kind.UNVERIFIED, trust.check(REPO, D1).kind());
        assertEquals(Verification.Kind.UNVERIFIED, trust.withoutRegistry(REPO, Optional.of(D1), false).kind());
        assertEquals(Verification.Kind.UNVERIFIED, trust.withoutRegistry(REPO, Optional.empty(), false).kind());
    }

    @Test
    void withKeysOnlyADigestVerifiedBeforeRunsWithoutTheRegistry() {
        SigningKey key = SigningKeys.generate();
        VerifiedReleasesStore store = new VerifiedReleasesStore(dir, w -> { });
        store.remember(REPO, D1, key.keyId().toString());
        ReleaseTrust trust = ReleaseTrust.of(TrustedKeys.of(key.publicKey()), new VerifiedReleasesStore(dir, w -> { }), NO_REGISTRY);

        Verification before = trust.withoutRegistry(REPO, Optional.of(D1), false);
        assertEquals(Optional.of(key.keyId().toString()), before.keyId());
        assertEquals(before, trust.check(REPO, D1), "verified before: the registry is not asked again");
        Verification never = trust.withoutRegistry(REPO, Optional.of(D2), false);
        assertTrue(never.refused() && never.message().contains("never verified"), never.message());
        assertTrue(trust.withoutRegistry(ImageReference.parse("ghcr.io/other/app"), Optional.of(D1), false).refused(),
                "verified for one repository only");
        assertEquals(Verification.Kind.UNVERIFIED, trust.withoutRegistry(REPO, Optional.empty(), true).kind(),
                "a local build, offline on purpose");
        assertTrue(trust.withoutRegistry(REPO, Optional.empty(), false).refused());

        // The key is no longer trusted: what it signed no longer runs.
        ReleaseTrust rotated = ReleaseTrust.of(TrustedKeys.of(SigningKeys.generate().publicKey()), store, NO_REGISTRY);
        assertTrue(rotated.withoutRegistry(REPO, Optional.of(D1), false).refused());
    }

    @Test
    void unreadableKeyFilesRefuseEverything() {
        UserFacingException why = new UserFacingException("The trusted key file is broken.", "Fix it.");
        ReleaseTrust trust = ReleaseTrust.broken(why, new VerifiedReleasesStore(dir, w -> { }));
        assertTrue(trust.enforcing());
        assertEquals(why, assertThrows(UserFacingException.class, () -> trust.check(REPO, D1)));
        assertEquals(why, assertThrows(UserFacingException.class, () -> trust.withoutRegistry(REPO, Optional.empty(), true)));
    }

    @Test
    void aCorruptListOfVerifiedReleasesIsOnlyAWarning() throws Exception {
        Files.writeString(dir.resolve(VerifiedReleasesStore.FILE_NAME), "{not json");
        List<String> warnings = new ArrayList<>();
        VerifiedReleasesStore store = new VerifiedReleasesStore(dir, warnings::add);
        assertEquals(Optional.empty(), store.keyFor(REPO, D1));
        assertEquals(1, warnings.size());
        store.remember(REPO, D1, "sha256:0123456789abcdef");
        assertEquals(Optional.of("sha256:0123456789abcdef"), new VerifiedReleasesStore(dir, warnings::add).keyFor(REPO, D1));
    }
}
