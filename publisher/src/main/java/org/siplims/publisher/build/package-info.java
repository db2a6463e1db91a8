/**
 * Building the app image: with BuildKit through {@code docker buildx} where the engine keeps its
 * digests (Docker Engine with the containerd image store), else with the engine's classic builder
 * ({@link org.siplims.publisher.build.Builders} chooses); the build context with the release
 * labels added, the build's progress, and the failure with the failing step's last lines. Uses
 * core, publisher.engine and publisher.failure.
 */
package org.siplims.publisher.build;
