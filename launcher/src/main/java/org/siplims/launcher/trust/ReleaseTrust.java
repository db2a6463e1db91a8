package org.siplims.launcher.trust;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.signing.KeyId;
import org.siplims.core.signing.RollbackRecord;
import org.siplims.core.signing.RollbackRecords;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SignatureVerifier;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.core.signing.VerificationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the launcher may run a release, by its signature.
 *
 * <ul>
 * <li>No trusted key configured: every release may run, shown as {@code unverified}.</li>
 * <li>Trusted keys: a registry digest runs only when a trusted key signed it for this repository;
 * the signature is fetched and checked the first time the digest is to run, then remembered
 * ({@link VerifiedReleasesStore}) so that the same digest runs again without the registry.</li>
 * <li>The key files could not be read: nothing runs (which releases to trust is unknown; running
 * unsigned ones would quietly drop the protection).</li>
 * </ul>
 */
public final class ReleaseTrust {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseTrust.class);

    private final TrustedKeys keys;
    private final Optional<UserFacingException> loadError;
    private final VerifiedReleasesStore store;
    private final Supplier<RegistryClient> registry;
    /** Versions read from verified signatures, by digest (a digest's signed version does not change). */
    private final java.util.Map<Digest, Optional<String>> signedVersions = new java.util.concurrent.ConcurrentHashMap<>();

    private ReleaseTrust(TrustedKeys keys, Optional<UserFacingException> loadError, VerifiedReleasesStore store,
                         Supplier<RegistryClient> registry) {
        this.keys = keys;
        this.loadError = loadError;
        this.store = store;
        this.registry = registry;
    }

    /** Trusts these keys (none: runs everything, unverified). */
    public static ReleaseTrust of(TrustedKeys keys, VerifiedReleasesStore store, Supplier<RegistryClient> registry) {
        return new ReleaseTrust(keys, Optional.empty(), store, registry);
    }

    /** The key files could not be read: every release is refused with this reason. */
    public static ReleaseTrust broken(UserFacingException why, VerifiedReleasesStore store) {
        return new ReleaseTrust(TrustedKeys.of(java.util.List.of()), Optional.of(why), store, () -> {
            throw new IllegalStateException("no registry needed");
        });
    }

    /** Runs everything, unverified: no keys. */
    public static ReleaseTrust none() {
        return new ReleaseTrust(TrustedKeys.of(java.util.List.of()), Optional.empty(), null, () -> {
            throw new IllegalStateException("no registry needed");
        });
    }

    /** Whether signatures decide what runs (keys are configured, or their files are broken). */
    public boolean enforcing() {
        return !keys.isEmpty() || loadError.isPresent();
    }

    /** The trusted keys when signatures decide what runs (for the SBOM of an offered update); else empty. */
    public Optional<TrustedKeys> trustedKeys() {
        return enforcing() ? Optional.of(keys) : Optional.empty();
    }

    /** The ids of the trusted keys, for messages. */
    public String keyIds() {
        return keys.ids().stream().map(KeyId::toString).collect(Collectors.joining(", "));
    }

    /**
     * Whether {@code repository@digest} may run, asking the registry for its signature when it was
     * not verified before. Never throws for a registry failure: a signature that cannot be checked
     * is a refusal, with the reason.
     *
     * @throws UserFacingException when the trusted key files could not be read
     */
    public Verification check(ImageReference repository, Digest digest) {
        return check(repository, digest, java.util.List.of(repository));
    }

    /**
     * As {@link #check(ImageReference, Digest)}, fetching the signature from the first of
     * {@code signatureSources} that has one (a lab mirror, then the origin), always checked against
     * {@code repository}, the origin's name the maintainer signed.
     */
    public Verification check(ImageReference repository, Digest digest, java.util.List<ImageReference> signatureSources) {
        if (!enforcing()) {
            return unverifiedNoKey();
        }
        failIfBroken();
        Optional<Verification> before = remembered(repository, digest);
        if (before.isPresent()) {
            return before.get();
        }
        String image = repository.repositoryOnly().withDigest(digest).familiar();
        VerificationResult result = null;
        RuntimeException failure = null;
        for (ImageReference source : signatureSources) {
            try {
                VerificationResult here = new SignatureVerifier(keys, new SignatureStore(registry.get())).verify(repository, digest, source);
                if (result == null || here.verified()) {
                    result = here; // the first answer, unless a later source verifies (a mirror may lack the signature)
                }
                if (here.verified()) {
                    break;
                }
            } catch (RuntimeException e) {
                // A registry failure, or content that does not match its digest (tampered on the way or in storage).
                LOG.info("The signature of {} could not be checked at {}", image, source.registry(), e);
                failure = failure == null ? e : failure;
            }
        }
        if (result == null) {
            String why = failure == null || failure.getMessage() == null ? "no registry answered" : failure.getMessage();
            return Verification.refused("The signature of " + image + " could not be checked: " + why);
        }
        if (!result.verified()) {
            LOG.info("Refused {}: {} ({})", image, result.outcome(), result.message());
            return Verification.refused(result.message());
        }
        String key = result.keyId().orElseThrow().toString();
        store.remember(repository, digest, key);
        signedVersions.put(digest, result.signedVersion()); // so signedVersion() need not fetch the same signature again
        return Verification.verified(key, "Signed by the maintainer's key " + key + ".");
    }

    /**
     * The version the maintainer signed for {@code repository@digest}: the optional claim of the
     * signature that verifies with a trusted key (fetched from the first of {@code signatureSources}
     * that has one, checked against {@code repository}). Empty without trusted keys, when the
     * signature states no version, or when it cannot be checked now. A signed version never changes
     * for a digest, so it is read once per run (by {@link #check} when that verified it first).
     */
    public Optional<String> signedVersion(ImageReference repository, Digest digest, java.util.List<ImageReference> signatureSources) {
        if (!enforcing() || loadError.isPresent()) {
            return Optional.empty();
        }
        Optional<String> known = signedVersions.get(digest);
        if (known != null) {
            return known;
        }
        for (ImageReference source : signatureSources) {
            try {
                VerificationResult result = new SignatureVerifier(keys, new SignatureStore(registry.get())).verify(repository, digest, source);
                if (result.verified()) {
                    signedVersions.put(digest, result.signedVersion());
                    return result.signedVersion();
                }
            } catch (RuntimeException e) {
                LOG.info("The signed version of {} could not be read at {}", digest, source.registry(), e);
            }
        }
        return Optional.empty();
    }

    /**
     * The rollback records for going back to {@code target} in {@code repository} that a trusted key
     * signed, from the first of {@code sources} that answers. Empty without trusted keys, or when no
     * source answers (then going back is refused, and decided again at the next check).
     */
    public java.util.List<RollbackRecord> rollbackRecords(ImageReference repository, Digest target, java.util.List<ImageReference> sources) {
        if (!enforcing() || loadError.isPresent()) {
            return java.util.List.of();
        }
        for (ImageReference source : sources) {
            try {
                java.util.List<RollbackRecord> found = new RollbackRecords(registry.get()).trusted(keys, source, target);
                if (!found.isEmpty()) {
                    return found;
                }
            } catch (RuntimeException e) {
                LOG.info("The rollback records of {} could not be read at {}", target, source.registry(), e);
            }
        }
        return java.util.List.of();
    }

    /**
     * Whether an image already on this computer may run without asking the registry (offline, or
     * the registry cannot be reached): a digest verified before, or with no trusted key anything.
     *
     * @param localBuildAllowed whether an image without registry digest (a build made on this
     *                          computer, never pulled) may run when keys are configured
     * @throws UserFacingException when the trusted key files could not be read
     */
    public Verification withoutRegistry(ImageReference repository, Optional<Digest> digest, boolean localBuildAllowed) {
        if (!enforcing()) {
            return digest.isPresent() ? unverifiedNoKey() : localBuild();
        }
        failIfBroken();
        if (digest.isEmpty()) {
            return localBuildAllowed ? localBuild()
                    : Verification.refused("The image of " + repository.repositoryOnly().familiar() + " on this computer is a local "
                    + "build, not a signed release, and the launcher runs only signed releases.");
        }
        return remembered(repository, digest.get()).orElseGet(() -> Verification.refused("The release "
                + repository.repositoryOnly().withDigest(digest.get()).familiar() + " on this computer was never verified, "
                + "and its signature cannot be checked without the registry."));
    }

    private Optional<Verification> remembered(ImageReference repository, Digest digest) {
        Optional<String> key = store.keyFor(repository, digest);
        // Only while that key is still trusted: removing a key from the trusted files withdraws its releases.
        if (key.isPresent() && keys.ids().stream().anyMatch(k -> k.toString().equals(key.get()))) {
            return Optional.of(Verification.verified(key.get(), "Signed by the maintainer's key " + key.get()
                    + " (verified when it was first run)."));
        }
        return Optional.empty();
    }

    private void failIfBroken() {
        if (loadError.isPresent()) {
            throw loadError.get();
        }
    }

    private static Verification unverifiedNoKey() {
        return Verification.unverified("No trusted key is configured, so the launcher did not check that the maintainer signed "
                + "this release.");
    }

    private static Verification localBuild() {
        return Verification.unverified("This is a build made on this computer, not a signed release from the registry.");
    }
}
