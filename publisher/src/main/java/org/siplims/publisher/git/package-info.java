/**
 * What the publisher asks {@code git} about the working tree a release is built from (commit,
 * commit time, dirty or not, {@code git describe}). Uses only the root package of core.
 */
package org.siplims.publisher.git;
