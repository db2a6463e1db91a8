/**
 * The Docker engine as the publisher uses it: opened on first use, its local images by ID, and
 * the clean-up of test containers and folders. Uses core (docker, image, release) only.
 */
package org.siplims.publisher.engine;
