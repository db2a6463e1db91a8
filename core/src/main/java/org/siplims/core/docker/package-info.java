/**
 * The Docker engine, once for both programs: where it listens ({@code DockerHost}), the one
 * connection to it ({@code EngineConnection}, {@code EngineInfo}), image IDs and local images
 * ({@code ImageId}, {@code LocalImage}), a container's last lines ({@code ContainerLogs}) and the
 * wait for an app to answer its health path ({@code Readiness}), what a pull, push or build stream
 * reported as its error ({@code StreamErrors}), and the error when no engine
 * answers. Uses core.image, core.release and docker-java; knows nothing of registries or
 * signatures (ArchitectureTest checks it).
 */
package org.siplims.core.docker;
