/**
 * Whether the launcher may run a release, by its signature: the trusted keys from every place a
 * key may be put, and the digests already verified. Uses core (signing, registry, image, files) and
 * launcher.status.
 */
package org.siplims.launcher.trust;
