/**
 * The app container and its images in the Docker engine: {@code AppEngine}, what the lifecycle asks
 * of an engine, and its docker-java implementation ({@code DockerAppEngine}): pulling with
 * progress, local images, creating, starting and stopping the container with its structured
 * mounts, the health probe, and the typed errors of each. Uses core (docker, image, release),
 * launcher.paths and launcher.status.
 */
package org.siplims.launcher.engine;
