/**
 * Whether the launcher may run a release, by its signature: the trusted keys from every place a
 * key may be put, the digests already verified, and {@code Verification}, what a check found.
 * Uses core (signing, registry, image, files) only.
 */
package org.siplims.launcher.trust;
