package org.siplims.publisher.build;

import org.siplims.core.docker.LocalImage;

/**
 * One way of building the app image from a {@link BuildRequest}: the engine's classic builder
 * ({@link ImageBuilder}) or BuildKit through buildx ({@link BuildKitBuilder}). {@link Builders}
 * chooses.
 */
public interface Builder {
    /** Builds with the build cache and returns the image; @throws BuildFailedException with the failing step and its output */
    default LocalImage build(BuildRequest request) {
        return build(request, true);
    }

    /**
     * Builds without the build cache when {@code useCache} is false: every step runs again, as on a
     * fresh machine (what {@code rebuild-check} needs; a cached step would just hand back the
     * published layer).
     */
    LocalImage build(BuildRequest request, boolean useCache);

    /** For people: which builder this is and, for BuildKit, how it makes builds repeatable. */
    String describe();
}
