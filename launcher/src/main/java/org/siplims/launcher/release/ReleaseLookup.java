package org.siplims.launcher.release;

import java.util.LinkedHashMap;
import java.util.Map;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.Descriptor;
import org.siplims.core.release.PackageChanges;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.core.release.ReleaseMetadata;
import org.siplims.core.signing.Attestations;
import org.siplims.core.signing.InTotoStatement;
import org.siplims.core.registry.PlatformNotAvailableException;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.ResolvedImage;

/**
 * Asks the registry which release the channel tag names, without pulling anything: a {@code HEAD}
 * for the digest, and only when that image is not on the machine yet, the manifest and config to
 * learn its platform, labels and layer sizes.
 */
public final class ReleaseLookup implements ReleaseSource {
    /** CycloneDX's predicate type, as the publisher attests the SBOM. */
    static final String SBOM_TYPE = "https://cyclonedx.org/bom";
    /** The maintainer builds on an ARM Mac; such releases run elsewhere under emulation. */
    static final Platform EMULATION_FALLBACK = Platform.LINUX_ARM64;

    private final RegistryClient registry;

    public ReleaseLookup(RegistryClient registry) {
        this.registry = registry;
    }

    /**
     * The digest the channel tag points to now.
     *
     * @throws org.siplims.core.registry.RegistryException when the registry cannot answer
     */
    @Override
    public Digest channelDigest(ImageReference channel) {
        return registry.digest(channel);
    }

    /**
     * Resolves a digest of the repository for the engine's platform. When the release has no image
     * for it but has one for linux/arm64, that one is chosen and marked emulated.
     *
     * @throws PlatformNotAvailableException when neither exists, naming the platforms that do
     */
    @Override
    public RemoteRelease resolve(ImageReference repository, Digest digest, Platform engine) {
        ImageReference pinned = repository.repositoryOnly().withDigest(digest);
        ResolvedImage resolved;
        boolean emulated = false;
        try {
            resolved = registry.resolve(pinned, engine);
        } catch (PlatformNotAvailableException e) {
            if (engine.matches(EMULATION_FALLBACK) || e.available().stream().noneMatch(EMULATION_FALLBACK::matches)) {
                throw e;
            }
            resolved = registry.resolve(pinned, EMULATION_FALLBACK);
            emulated = true;
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Descriptor layer : resolved.manifest().layers()) {
            sizes.put(layer.digest().shortForm(), layer.size());
        }
        return new RemoteRelease(repository.repositoryOnly(), resolved.digest(), resolved.config().platform(), emulated, sizes,
                org.siplims.core.release.ReleaseMetadata.fromLabels(resolved.config().labels()), resolved.platformDigest());
    }

    /**
     * The release's labels and notes from its image config, and the packages of its SBOM
     * attestation: verified with {@code keys} when given (an SBOM no trusted key signed is not
     * used), else read unchecked. Never throws for a registry failure or a bad SBOM.
     */
    @Override
    public ReleaseContents contents(ImageReference repository, Digest digest, Platform engine,
                                    java.util.Optional<org.siplims.core.signing.TrustedKeys> keys) {
        java.util.Optional<ReleaseMetadata> metadata = java.util.Optional.empty();
        java.util.Optional<String> notes = java.util.Optional.empty();
        // A two-platform release's SBOM is on the image of each platform, not on its index: this computer's image's.
        Digest sbomOf = digest;
        try {
            ResolvedImage resolved = resolved(repository, digest, engine);
            sbomOf = resolved.platformDigest();
            Map<String, String> labels = resolved.config().labels();
            metadata = java.util.Optional.of(ReleaseMetadata.fromLabels(labels));
            notes = java.util.Optional.ofNullable(labels.get(ReleaseLabels.NOTES)).map(ReleaseLabels::decodeNotes)
                    .filter(n -> !n.isBlank());
        } catch (RuntimeException e) {
            // Labels that cannot be read leave the version details out; the offer itself stands.
        }
        java.util.Optional<InTotoStatement> sbom;
        String missing;
        try {
            Attestations attestations = new Attestations(registry, java.time.Clock.systemUTC());
            if (keys.isPresent()) {
                sbom = attestations.verified(keys.get(), repository, sbomOf, SBOM_TYPE).map(Attestations.Verified::statement);
                missing = "the release has no software list signed by a trusted key";
            } else {
                sbom = attestations.unchecked(repository, sbomOf, SBOM_TYPE);
                missing = "the release has no software list";
            }
        } catch (RuntimeException e) {
            sbom = java.util.Optional.empty();
            missing = "its software list could not be read from the registry";
        }
        java.util.Optional<java.util.List<PackageChanges.Package>> packages = sbom.map(s -> PackageChanges.packagesOf(s.predicate()));
        return new ReleaseContents(metadata, notes, packages, packages.isPresent() && keys.isPresent(), java.util.Optional.of(missing));
    }

    private ResolvedImage resolved(ImageReference repository, Digest digest, Platform engine) {
        ImageReference pinned = repository.repositoryOnly().withDigest(digest);
        try {
            return registry.resolve(pinned, engine);
        } catch (PlatformNotAvailableException e) {
            return registry.resolve(pinned, EMULATION_FALLBACK);
        }
    }
}
