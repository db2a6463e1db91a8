/**
 * Where the Docker engine listens and how to open a docker-java client to it, and the error when
 * no engine answers. Uses only the root package and docker-java; knows nothing of registries or
 * signatures (ArchitectureTest checks it).
 */
package org.siplims.core.docker;
