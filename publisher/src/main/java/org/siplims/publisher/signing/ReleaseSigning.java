package org.siplims.publisher.signing;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import java.time.Instant;
import org.siplims.core.signing.Attestations;
import org.siplims.core.signing.ImageSignature;
import org.siplims.core.signing.ImageSigner;
import org.siplims.core.signing.KeyId;
import org.siplims.core.signing.RollbackRecord;
import org.siplims.core.signing.RollbackRecords;
import org.siplims.core.signing.SignatureStore;
import org.siplims.core.signing.SignatureVerifier;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.core.signing.TrustedKeys;
import org.siplims.core.signing.VerificationResult;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.attest.AttestationSource;
import org.siplims.publisher.attest.Provenance;
import org.siplims.publisher.attest.Sbom;
import org.siplims.publisher.records.TestRecord;
import org.siplims.publisher.registry.RegistrySession;

/**
 * Signing a release before its channel tag moves: the manifest digest users pull is signed with
 * the maintainer's key, the signature stored in cosign's layout ({@code sha256-<hex>.sig}), read
 * back from the registry and verified with the key's public key. Only then may the channel move;
 * any failure here is exit 6 and the channel stays where it was.
 *
 * <p>Why one layout, and this one: the legacy {@code .sig} layout is the only one whose signed
 * payload names the repository as well as the digest (a cosign 3 bundle's statement names the
 * digest only), so the launcher's binding stays as strict as it is; and stock cosign 2.x and 3.x
 * both verify it with {@code cosign verify --key}. Writing a bundle as well would add a second
 * thing to keep in step without letting any verifier check more. The launcher accepts both layouts,
 * for releases signed by hand with stock cosign.
 *
 * <p>The key is loaded (and its passphrase asked for) when the command starts, before anything is
 * built, so a wrong passphrase costs nothing and the rest of the release runs unattended.
 * Without a configured key, releases are pushed unsigned and said to be so.
 */
public final class ReleaseSigning {
    static final String HOW_TO_CONFIGURE = "--signing-key FILE, " + SigningSettings.KEY_ENV + "=FILE, or \"signingKey\" in publisher.json";

    private final Optional<SigningKey> key;
    private final String source;
    private final Optional<AttestationSource> attestations;

    private ReleaseSigning(Optional<SigningKey> key, String source) {
        this(key, source, Optional.empty());
    }

    private ReleaseSigning(Optional<SigningKey> key, String source, Optional<AttestationSource> attestations) {
        this.key = key;
        this.source = source;
        this.attestations = attestations;
    }

    /** The same, and a signed release also gets its SBOM and provenance attached ({@link #attest}). */
    public ReleaseSigning withAttestations(AttestationSource from) {
        return new ReleaseSigning(key, source, Optional.of(from));
    }

    /**
     * Attaches the signed SBOM (CycloneDX) and SLSA provenance of a release just signed, as cosign
     * attestations ({@code sha256-<hex>.att}), and reads both back verified with the key. Nothing
     * without a key or without an attestation source.
     *
     * @return whether the attestations were attached (false without a key or an attestation source)
     * @throws PublisherFailure exit 6 when storing or reading back fails: the channel has not moved
     */
    public boolean attest(RegistrySession registry, ImageReference repository, Digest digest, TestRecord tested, String channel,
                       Consumer<String> progress) {
        if (key.isEmpty() || attestations.isEmpty()) {
            return false;
        }
        ImageReference repo = repository.repositoryOnly();
        ImageReference image = repo.withDigest(digest);
        try {
            Instant now = Instant.now();
            Attestations store = new Attestations(registry.client(), java.time.Clock.systemUTC());
            com.fasterxml.jackson.databind.node.ObjectNode sbom = attestations.get().sbom(repo, digest, tested, now);
            store.attach(key.get(), repo, digest, Sbom.PREDICATE_TYPE, sbom);
            store.attach(key.get(), repo, digest, Provenance.PREDICATE_TYPE, attestations.get().provenance(tested, now));
            TrustedKeys own = TrustedKeys.of(key.get().publicKey());
            for (String type : java.util.List.of(Sbom.PREDICATE_TYPE, Provenance.PREDICATE_TYPE)) {
                if (store.verified(own, repo, digest, type).isEmpty()) {
                    throw failure(image, channel, "the " + type + " attestation read back from the registry does not verify",
                            "The registry did not keep what was stored. Publish again.");
                }
            }
            progress.accept("  attached the signed SBOM (CycloneDX) and provenance (SLSA v1) under " + Attestations.attestationTag(digest)
                    + "; OS packages: " + Sbom.osPackagesNote(sbom));
            return true;
        } catch (PublisherFailure e) {
            throw e;
        } catch (UserFacingException e) {
            throw failure(image, channel, e.getMessage(), e.hint());
        } catch (RuntimeException e) {
            throw failure(image, channel, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    "Run the same command again; if it fails again, report it with this message.");
        }
    }

    /** Releases pushed without a signature. */
    public static ReleaseSigning unsigned() {
        return new ReleaseSigning(Optional.empty(), "");
    }

    public static ReleaseSigning with(SigningKey key, String source) {
        return new ReleaseSigning(Optional.of(key), source);
    }

    /**
     * Loads the configured signing key, asking for its passphrase if it is encrypted, or says that
     * the release will be unsigned.
     *
     * @throws PublisherFailure exit 2 when signing is required and no key is configured; exit 6 when
     *                          the key cannot be read or the passphrase is wrong or missing
     */
    public static ReleaseSigning prepare(SigningSettings settings, Map<String, String> env, SecretPrompt prompt, Consumer<String> progress) {
        if (settings.key().isEmpty()) {
            if (settings.required()) {
                throw new PublisherFailure(ExitCode.USAGE, "Signing is required (--require-signing, \"requireSigning\" in publisher.json, or the launcher ships trusted keys in " + KeyLocations.SHIPPED_TRUSTED_KEYS + "), but no signing key is configured; nothing was changed.",
                        "Give " + HOW_TO_CONFIGURE + ". `scripts/publish keygen` makes a key pair.");
            }
            progress.accept("sign: no signing key configured: nothing will be signed, and launchers that have a "
                    + "trusted key refuse what is not (give " + HOW_TO_CONFIGURE + ")");
            return unsigned();
        }
        Path file = settings.key().get();
        SigningKey loaded;
        try {
            loaded = SigningKeys.readPrivateKey(file, () -> Passphrases.forKey(env, prompt, file));
        } catch (PublisherFailure e) {
            throw e;
        } catch (UserFacingException e) {
            throw new PublisherFailure(ExitCode.PUSH, e.getMessage() + " Nothing was changed.", e.hint(), e);
        }
        progress.accept("sign: key " + loaded.keyId() + " from " + file + " (" + settings.keySource() + ")");
        return with(loaded, settings.keySource());
    }

    public boolean enabled() {
        return key.isPresent();
    }

    public Optional<KeyId> keyId() {
        return key.map(SigningKey::keyId);
    }

    /**
     * Signs {@code repository@digest} as release {@code version} (the version goes into the signed
     * payload's optional claims, so launchers compare versions the maintainer signed, and can tell
     * a channel moved back), stores the signature and verifies it as the registry now serves it,
     * version included. Without a key: says so and returns an UNSIGNED report.
     *
     * @param channel named in the failure message: it has not moved
     * @throws PublisherFailure exit 6 when signing, storing or verifying fails
     */
    public SignatureReport sign(RegistrySession registry, ImageReference repository, Digest digest, String version, String channel,
                                Consumer<String> progress) {
        String tag = SignatureReport.tagFor(digest);
        if (key.isEmpty()) {
            progress.accept("  NOT signing " + digest.shortForm() + ": no signing key configured");
            return unsignedReport(tag);
        }
        SigningKey signingKey = key.get();
        ImageReference repo = repository.repositoryOnly();
        ImageReference image = repo.withDigest(digest);
        progress.accept("  signing " + image.familiar() + " with key " + signingKey.keyId());
        try {
            SignatureStore store = new SignatureStore(registry.client());
            ImageSignature signature = new ImageSigner(signingKey).sign(repo, digest, version);
            Digest manifest = store.attach(signature);
            progress.accept("  stored the signature under " + tag + " (manifest " + manifest.shortForm() + "); verifying it from the registry");
            VerificationResult result = new SignatureVerifier(TrustedKeys.of(signingKey.publicKey()), store).verify(repo, digest);
            if (!result.verified() || !result.signedVersion().equals(Optional.of(version))) {
                throw failure(image, channel, "the signature read back from the registry does not verify as version " + version
                        + ": " + result.message(),
                        "The registry did not keep what was stored. Check it (`scripts/publish verify --trusted-key PUB`), then publish again.");
            }
            return new SignatureReport(SignatureReport.Status.SIGNED, tag, result.keyId(), Optional.of(manifest), null,
                    image.familiar() + " is signed by key " + signingKey.keyId() + "; the signature was read back and verified.");
        } catch (PublisherFailure e) {
            throw e;
        } catch (UserFacingException e) {
            throw failure(image, channel, e.getMessage(), e.hint());
        } catch (RuntimeException e) {
            throw failure(image, channel, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    "Run the same command again; if it fails again, report it with this message.");
        }
    }

    /**
     * The version this key signed for {@code repository@digest} (its verified signature's version
     * claim); empty without a key, or when the release is not signed by it with a version.
     */
    public Optional<String> signedVersion(RegistrySession registry, ImageReference repository, Digest digest) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        VerificationResult result = new SignatureVerifier(TrustedKeys.of(key.get().publicKey()), new SignatureStore(registry.client()))
                .verify(repository.repositoryOnly(), digest);
        return result.signedVersion();
    }

    /**
     * Signs and stores the rollback record (issue 17 item 8), then reads it back verified with the
     * key: the maintainer's word that {@code record.withdrawn} is withdrawn and launchers running it
     * may go back to the target. Called before the channel moves back. Without a key: nothing.
     *
     * @return the tag the record is stored under, when a record was written
     * @throws PublisherFailure exit 6 when signing, storing or reading back fails: the channel has not moved
     */
    public Optional<String> recordRollback(RegistrySession registry, RollbackRecord record, String channel, Consumer<String> progress) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        ImageReference repo = ImageReference.parse(record.dockerReference());
        ImageReference image = repo.withDigest(record.targetDigest());
        progress.accept("  signing the rollback record (" + record.withdrawnVersion() + " withdrawn, back to " + record.targetVersion()
                + ") with key " + key.get().keyId());
        try {
            RollbackRecords records = new RollbackRecords(registry.client());
            records.attach(key.get(), record);
            if (!records.trusted(TrustedKeys.of(key.get().publicKey()), repo, record.targetDigest()).contains(record)) {
                throw new PublisherFailure(ExitCode.PUSH, "The rollback record read back from the registry does not verify. The channel tag '"
                        + channel + "' was not moved.", "The registry did not keep what was stored. Run the same rollback again.");
            }
            progress.accept("  stored it under " + record.tag() + " and read it back verified");
            return Optional.of(record.tag());
        } catch (PublisherFailure e) {
            throw e;
        } catch (SignatureStore.MalformedSignatureException e) {
            throw new PublisherFailure(ExitCode.PUSH, "The tag " + record.tag() + " of " + repo.familiar() + " holds something that is not "
                    + "a rollback record (" + e.getMessage() + "); it was left alone. The channel tag '" + channel + "' was not moved.",
                    "Look at what that tag holds; delete it if it is not needed, then run the rollback again.");
        } catch (UserFacingException e) {
            throw rollbackFailure(image, channel, e.getMessage(), e.hint());
        } catch (RuntimeException e) {
            throw rollbackFailure(image, channel, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), "");
        }
    }

    private static PublisherFailure rollbackFailure(ImageReference image, String channel, String why, String hint) {
        String reason = why == null ? "unknown error" : why.strip();
        return new PublisherFailure(ExitCode.PUSH, "Writing the rollback record for " + image.familiar() + " failed: " + reason
                + (reason.endsWith(".") ? "" : ".") + " The channel tag '" + channel + "' was not moved.",
                (hint == null || hint.isBlank() ? "" : hint + " ") + "Running the same rollback again is safe.");
    }

    /**
     * For a release that was already published (nothing pushed or signed in this run): whether the
     * configured key's signature is on it; without a key, only whether a signature tag exists.
     */
    public SignatureReport existing(RegistrySession registry, ImageReference repository, Digest digest) {
        if (key.isEmpty()) {
            SignatureReport unchecked = SignatureChecks.unchecked(registry, repository, digest);
            return unchecked.status() == SignatureReport.Status.ABSENT_NOT_CHECKED ? unsignedReport(unchecked.tag()) : unchecked;
        }
        SignatureReport checked = SignatureChecks.verify(registry, TrustedKeys.of(key.get().publicKey()), repository, digest);
        if (checked.signed()) {
            return checked;
        }
        return new SignatureReport(SignatureReport.Status.UNSIGNED, checked.tag(), Optional.empty(), Optional.empty(), null,
                "the release already in the registry is not signed by key " + key.get().keyId() + " (" + checked.message()
                        + ") This run built and tested another image of the same commit, so it signed nothing; "
                        + "publish a new version to release it signed");
    }

    private static SignatureReport unsignedReport(String tag) {
        return new SignatureReport(SignatureReport.Status.UNSIGNED, tag, Optional.empty(), Optional.empty(), null,
                "no signing key was configured, so launchers that have a trusted key will refuse this release");
    }

    private static PublisherFailure failure(ImageReference image, String channel, String why, String hint) {
        String reason = why == null ? "unknown error" : why.strip();
        return new PublisherFailure(ExitCode.PUSH, "Signing " + image.familiar() + " failed: " + reason
                + (reason.endsWith(".") ? "" : ".") + " The channel tag '" + channel + "' was not moved.",
                (hint == null || hint.isBlank() ? "" : hint + " ")
                        + "Running the same command again is safe: it finds the tested image already pushed, signs it, then moves the channel.");
    }
}
