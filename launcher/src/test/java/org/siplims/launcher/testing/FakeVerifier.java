package org.siplims.launcher.testing;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.launcher.release.ReleaseVerifier;
import org.siplims.launcher.trust.Verification;

/**
 * Signature answers for unit tests, by the rules of {@link org.siplims.launcher.trust.ReleaseTrust}:
 * without trusted keys everything is unverified and may run; with them, a signed digest is
 * verified (and remembered, so it may run later without the registry), anything else refused.
 */
public final class FakeVerifier implements ReleaseVerifier {
    private static final String KEY = "sha256:0123456789abcdef";
    private final boolean enforcing;
    private final Set<Digest> signed = new HashSet<>();
    private final Set<Digest> verifiedBefore = new HashSet<>();
    private final java.util.Map<Digest, String> signedVersions = new java.util.HashMap<>();
    private final java.util.List<org.siplims.core.signing.RollbackRecord> records = new java.util.ArrayList<>();

    private FakeVerifier(boolean enforcing) {
        this.enforcing = enforcing;
    }

    /** No trusted key configured: signatures are not checked. */
    public static FakeVerifier noKeys() {
        return new FakeVerifier(false);
    }

    /** A trusted key is configured: only signed releases run. */
    public static FakeVerifier withKey() {
        return new FakeVerifier(true);
    }

    public FakeVerifier signed(Digest digest) {
        signed.add(digest);
        return this;
    }

    /** Signed, with this version in the signed payload. */
    public FakeVerifier signedAs(Digest digest, String version) {
        signed.add(digest);
        signedVersions.put(digest, version);
        return this;
    }

    /** A rollback record a trusted key signed (only those reach the launcher's rule). */
    public FakeVerifier rollbackRecord(org.siplims.core.signing.RollbackRecord record) {
        records.add(record);
        return this;
    }

    /** This digest was verified on an earlier run. */
    public FakeVerifier verifiedBefore(Digest digest) {
        signed.add(digest);
        verifiedBefore.add(digest);
        return this;
    }

    @Override
    public boolean enforcing() {
        return enforcing;
    }

    @Override
    public String keyIds() {
        return enforcing ? KEY : "";
    }

    @Override
    public Verification check(ImageReference repository, Digest digest) {
        if (!enforcing) {
            return Verification.unverified("No trusted key is configured.");
        }
        if (!signed.contains(digest)) {
            return Verification.refused("It is not signed by a trusted key.");
        }
        verifiedBefore.add(digest);
        return Verification.verified(KEY, "Signed by " + KEY + ".");
    }

    @Override
    public Verification withoutRegistry(ImageReference repository, Optional<Digest> digest, boolean localBuildAllowed) {
        if (!enforcing) {
            return Verification.unverified("No trusted key is configured.");
        }
        if (digest.isPresent() && verifiedBefore.contains(digest.get())) {
            return Verification.verified(KEY, "Signed by " + KEY + ".");
        }
        return digest.isEmpty() && localBuildAllowed ? Verification.unverified("A local build.")
                : Verification.refused("It was never verified.");
    }

    @Override
    public Optional<String> signedVersion(ImageReference repository, Digest digest) {
        return enforcing && signed.contains(digest) ? Optional.ofNullable(signedVersions.get(digest)) : Optional.empty();
    }

    @Override
    public java.util.List<org.siplims.core.signing.RollbackRecord> rollbackRecords(ImageReference repository, Digest target) {
        return enforcing ? records.stream().filter(r -> r.targetDigest().equals(target)).toList() : java.util.List.of();
    }
}
