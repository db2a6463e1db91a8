/**
 * The app container as users get it ({@link org.siplims.core.container.AppContainerSpec}): mounts,
 * environment, loopback port, user and confinement, shared by the launcher and the publisher's dev
 * loop so the two cannot differ. Uses docker-java's model and {@code core.docker}; nothing of the
 * launcher or the publisher.
 */
package org.siplims.core.container;
