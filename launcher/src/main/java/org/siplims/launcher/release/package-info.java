/**
 * Releases as the launcher sees them in the registry: which digest the channel tag names and what
 * that release is (version, platform, layer sizes), without pulling anything. {@link
 * org.siplims.launcher.release.ReleaseSource} is what the lifecycle asks; {@link
 * org.siplims.launcher.release.ReleaseVerifier} is its view of the signature checks. Uses core
 * (image, registry, release) and launcher.trust, launcher.status.
 */
package org.siplims.launcher.release;
