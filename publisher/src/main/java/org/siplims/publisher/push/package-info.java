/**
 * Pushing a tested image as a release: the version tag with the engine, the other tags by
 * manifest copy, each verified, then signed before the channel tag moves. Uses core,
 * publisher.engine, publisher.registry, publisher.signing, publisher.state, publisher.verify and the
 * root failure types (push and verify use each other today: a cycle to remove).
 */
package org.siplims.publisher.push;
