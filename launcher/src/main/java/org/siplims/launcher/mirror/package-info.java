/**
 * The lab's pull-through mirror: which release runs is still decided at the origin registry (its
 * digest, when it answers) and by the signature, which names the origin's repository; the mirror
 * only carries the bytes. {@link org.siplims.launcher.mirror.MirroredReleases},
 * {@link org.siplims.launcher.mirror.MirroredEngine} and {@link org.siplims.launcher.mirror.MirroredVerifier}
 * wrap the usual release source, engine and signature checks; {@link org.siplims.launcher.mirror.MirrorRoute}
 * tells the status how the last release was fetched. Uses core, launcher.config, launcher.engine,
 * launcher.release, launcher.trust and launcher.status.
 */
package org.siplims.launcher.mirror;
