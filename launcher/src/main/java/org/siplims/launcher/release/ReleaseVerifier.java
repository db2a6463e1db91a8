package org.siplims.launcher.release;

import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.launcher.trust.Verification;
import org.siplims.launcher.trust.ReleaseTrust;

/**
 * Which releases may run, by their signatures: what the lifecycle asks of
 * {@link ReleaseTrust} (see there for the rules), so that unit tests can give their own answers.
 */
public interface ReleaseVerifier {
    /** Whether signatures decide what runs (trusted keys are configured, or their files are broken). */
    boolean enforcing();

    /** The ids of the trusted keys, for messages. */
    String keyIds();

    /** Whether {@code repository@digest} may run, asking the registry for its signature when it was not verified before. */
    Verification check(ImageReference repository, Digest digest);

    /** Whether an image already on this computer may run without asking the registry. */
    Verification withoutRegistry(ImageReference repository, Optional<Digest> digest, boolean localBuildAllowed);

    /** The trusted keys when signatures are in use, to check attestations with; empty when they are not. */
    default Optional<org.siplims.core.signing.TrustedKeys> trustedKeys() {
        return Optional.empty();
    }

    /**
     * The version the maintainer signed for {@code repository@digest} (the verified payload's
     * optional claim); empty without trusted keys, when the signature states none, or when it
     * cannot be checked now.
     */
    default Optional<String> signedVersion(ImageReference repository, Digest digest) {
        return Optional.empty();
    }

    /** The rollback records for going back to {@code target} that a trusted key signed; empty without trusted keys. */
    default java.util.List<org.siplims.core.signing.RollbackRecord> rollbackRecords(ImageReference repository, Digest target) {
        return java.util.List.of();
    }

    static ReleaseVerifier of(ReleaseTrust trust) {
        return new ReleaseVerifier() {
            @Override
            public boolean enforcing() {
                return trust.enforcing();
            }

            @Override
            public String keyIds() {
                return trust.keyIds();
            }

            @Override
            public Optional<org.siplims.core.signing.TrustedKeys> trustedKeys() {
                return trust.trustedKeys();
            }

            @Override
            public Verification check(ImageReference repository, Digest digest) {
                return trust.check(repository, digest);
            }

            @Override
            public Verification withoutRegistry(ImageReference repository, Optional<Digest> digest, boolean localBuildAllowed) {
                return trust.withoutRegistry(repository, digest, localBuildAllowed);
            }

            @Override
            public Optional<String> signedVersion(ImageReference repository, Digest digest) {
                return trust.signedVersion(repository, digest, java.util.List.of(repository));
            }

            @Override
            public java.util.List<org.siplims.core.signing.RollbackRecord> rollbackRecords(ImageReference repository, Digest target) {
                return trust.rollbackRecords(repository, target, java.util.List.of(repository));
            }
        };
    }
}
