package org.siplims.launcher.release;

import java.util.Optional;
import java.util.function.Supplier;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;

/**
 * Where the launcher learns which release a channel names: the registry ({@link ReleaseLookup})
 * in the launcher, an in-memory list in unit tests.
 */
public interface ReleaseSource {
    /**
     * The digest the channel tag points to now.
     *
     * @throws org.siplims.core.registry.RegistryException when the registry cannot answer
     */
    Digest channelDigest(ImageReference channel);

    /**
     * That digest resolved for the engine's platform (or an emulated one), with its labels and layer sizes.
     *
     * @throws org.siplims.core.registry.PlatformNotAvailableException when no image of it can run here
     * @throws org.siplims.core.registry.RegistryException when the registry cannot answer
     */
    RemoteRelease resolve(ImageReference repository, Digest digest, Platform engine);

    /**
     * A sentence for the page when the last release was not fetched the usual way (a lab mirror
     * failed and the origin was used, or the other way round); empty otherwise.
     */
    default Optional<String> routeNote() {
        return Optional.empty();
    }

    /**
     * That digest resolved for a platform the user chose ({@code --platform}) instead of the engine's:
     * its image runs under emulation when it is not the engine's own. When the release has no image
     * for the chosen platform, the engine's own (or the emulation fallback) is chosen as without one.
     */
    default RemoteRelease resolve(ImageReference repository, Digest digest, Platform engine, Optional<Platform> forced) {
        if (forced.isEmpty() || forced.get().matches(engine)) {
            return resolve(repository, digest, engine);
        }
        RemoteRelease chosen;
        try {
            chosen = resolve(repository, digest, forced.get());
        } catch (org.siplims.core.registry.PlatformNotAvailableException e) {
            chosen = resolve(repository, digest, engine);
        }
        return chosen.withEmulated(!chosen.platform().matches(engine));
    }

    /**
     * What a release says about itself (labels, release notes) and which packages its SBOM
     * attestation lists, for the "what changes" list of an update. Never throws: what cannot be
     * read is missing, with the reason.
     *
     * @param keys trusted keys to check the SBOM's signature with; empty: read it unchecked
     */
    default ReleaseContents contents(ImageReference repository, Digest digest, Platform engine,
                                     Optional<org.siplims.core.signing.TrustedKeys> keys) {
        return ReleaseContents.unknown("this launcher cannot read release details");
    }

    /** A source made on first use: the registry client is not needed to serve the status page, nor ever offline. */
    static ReleaseSource lazy(Supplier<? extends ReleaseSource> maker) {
        return new ReleaseSource() {
            private ReleaseSource made;

            private synchronized ReleaseSource get() {
                if (made == null) {
                    made = maker.get();
                }
                return made;
            }

            @Override
            public Digest channelDigest(ImageReference channel) {
                return get().channelDigest(channel);
            }

            @Override
            public RemoteRelease resolve(ImageReference repository, Digest digest, Platform engine) {
                return get().resolve(repository, digest, engine);
            }

            @Override
            public Optional<String> routeNote() {
                return get().routeNote();
            }

            @Override
            public ReleaseContents contents(ImageReference repository, Digest digest, Platform engine,
                                            Optional<org.siplims.core.signing.TrustedKeys> keys) {
                return get().contents(repository, digest, engine, keys);
            }
        };
    }
}
