/**
 * {@code publisher rebuild-check}: rebuilds a published release from its commit in a temporary git
 * worktree and compares the result with what the registry serves, first by digest, then layer by
 * layer and file by file (ignoring only timestamps). Uses core, publisher.build, publisher.git,
 * publisher.failure.
 */
package org.siplims.publisher.rebuild;
