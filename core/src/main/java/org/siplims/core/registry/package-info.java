/**
 * A client of the Docker Registry / OCI distribution API over java.net.http: manifests, digests,
 * platforms, tags, retagging and blob upload, with Docker's ways of finding credentials and answering
 * auth challenges. Its errors are {@link org.siplims.core.UserFacingException}s that never carry a
 * secret. Uses the root package and core.image; never the engine (core.docker).
 */
package org.siplims.core.registry;
