/**
 * Building the app image with the engine: the build context with the release labels added, the
 * build's progress, and the failure with the failing step's last lines. Uses core, publisher.engine
 * and publisher.failure.
 */
package org.siplims.publisher.build;
