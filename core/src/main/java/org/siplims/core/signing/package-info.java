/**
 * Signed releases: the publisher signs the manifest digest it tested; the launcher runs a new
 * digest only when a trusted key signed it.
 *
 * <p>Signatures follow cosign's key-based layout so that standard tooling can read them: for an
 * image {@code registry/repo@sha256:<hex>}, the tag {@code sha256-<hex>.sig} of the same
 * repository holds an OCI image manifest whose layers are "simple signing" JSON payloads
 * ({@link org.siplims.core.signing.SimpleSigningPayload}) naming the repository and the digest,
 * each with its base64 ECDSA P-256 / SHA-256 signature in the layer annotation
 * {@code dev.cosignproject.cosign/signature}.
 *
 * <p>Keys are made and used with the JDK's own crypto only (no BouncyCastle):
 * {@link org.siplims.core.signing.SigningKeys} writes and reads them as PEM.
 *
 * <p>Typical use. Publisher: {@code SigningKeys.readPrivateKey} → {@code new ImageSigner(key).sign(repo, digest)}
 * → {@code SignatureStore.attach} → {@code SignatureVerifier.verify} with the key's own public key
 * before any channel tag moves. Launcher: {@code TrustedKeys.load} → {@code SignatureVerifier.verify}
 * before running a digest it has not run before.
 */
package org.siplims.core.signing;
