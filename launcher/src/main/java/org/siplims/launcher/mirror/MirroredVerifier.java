package org.siplims.launcher.mirror;

import java.util.List;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.launcher.config.LabMirror;
import org.siplims.launcher.release.ReleaseVerifier;
import org.siplims.launcher.trust.ReleaseTrust;
import org.siplims.launcher.trust.Verification;

/**
 * Signature checks with a lab mirror: the signature is fetched through the mirror first (so the
 * mirror keeps a copy for when the origin is down), then from the origin, and is always checked
 * against the origin's repository name, which the maintainer signed.
 */
public final class MirroredVerifier implements ReleaseVerifier {
    private final ReleaseTrust trust;
    private final LabMirror mirror;

    public MirroredVerifier(ReleaseTrust trust, LabMirror mirror) {
        this.trust = trust;
        this.mirror = mirror;
    }

    @Override
    public boolean enforcing() {
        return trust.enforcing();
    }

    @Override
    public Optional<org.siplims.core.signing.TrustedKeys> trustedKeys() {
        return trust.trustedKeys();
    }

    @Override
    public String keyIds() {
        return trust.keyIds();
    }

    @Override
    public Verification check(ImageReference repository, Digest digest) {
        return trust.check(repository, digest, List.of(mirror.at(repository.repositoryOnly()), repository.repositoryOnly()));
    }

    @Override
    public Verification withoutRegistry(ImageReference repository, Optional<Digest> digest, boolean localBuildAllowed) {
        return trust.withoutRegistry(repository, digest, localBuildAllowed);
    }

    @Override
    public Optional<String> signedVersion(ImageReference repository, Digest digest) {
        return trust.signedVersion(repository, digest, List.of(mirror.at(repository.repositoryOnly()), repository.repositoryOnly()));
    }

    @Override
    public List<org.siplims.core.signing.RollbackRecord> rollbackRecords(ImageReference repository, Digest target) {
        return trust.rollbackRecords(repository, target, List.of(mirror.at(repository.repositoryOnly()), repository.repositoryOnly()));
    }
}
