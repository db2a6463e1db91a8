/**
 * What a release carries besides its signature: an SBOM ({@link org.siplims.publisher.attest.Sbom},
 * CycloneDX 1.5) and a SLSA provenance statement ({@link org.siplims.publisher.attest.Provenance}),
 * made from the lock files, the Dockerfile, Git and the test record. Signed and stored as cosign
 * attestations by {@code publisher.signing.ReleaseSigning}. Uses core and {@code publisher.records}.
 */
package org.siplims.publisher.attest;
