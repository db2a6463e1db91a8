/**
 * What a release carries besides its signature: an SBOM ({@link org.siplims.publisher.attest.Sbom},
 * CycloneDX 1.5) and a SLSA provenance statement ({@link org.siplims.publisher.attest.Provenance}),
 * made from the lock files, the Dockerfile, Git, the test record, and the tested image's OS package
 * database ({@link org.siplims.publisher.attest.OsPackages}, read through the engine by
 * {@link org.siplims.publisher.attest.ImagePackageDatabase}). Signed and stored as cosign
 * attestations by {@code publisher.signing.ReleaseSigning}. Uses core, {@code publisher.records} and
 * {@code publisher.engine}.
 */
package org.siplims.publisher.attest;
