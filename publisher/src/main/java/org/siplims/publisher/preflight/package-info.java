/**
 * Everything that can be known wrong before building (engine, Dockerfile bases pinned by digest,
 * lock files, Git state, names), all reported at once with their fixes. Uses core,
 * publisher.config, publisher.engine, publisher.git and publisher.failure.
 */
package org.siplims.publisher.preflight;
