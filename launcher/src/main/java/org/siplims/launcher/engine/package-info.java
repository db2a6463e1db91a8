/**
 * The app container and its images in the Docker engine: connection, pulling with progress,
 * local images, creating, starting and stopping the container, the health probe, and the errors of
 * each. Uses core (docker, image, release), launcher.paths and launcher.state.
 */
package org.siplims.launcher.engine;
