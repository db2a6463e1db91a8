package org.siplims.launcher.release;

import java.util.LinkedHashMap;
import java.util.Map;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.registry.Descriptor;
import org.siplims.core.registry.PlatformNotAvailableException;
import org.siplims.core.registry.RegistryClient;
import org.siplims.core.registry.ResolvedImage;

/**
 * Asks the registry which release the channel tag names, without pulling anything: a {@code HEAD}
 * for the digest, and only when that image is not on the machine yet, the manifest and config to
 * learn its platform, labels and layer sizes.
 */
public final class ReleaseLookup implements ReleaseSource {
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
}
