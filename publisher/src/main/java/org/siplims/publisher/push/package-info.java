/**
 * Pushing a tested image as a release: {@code TestedImageGate} refuses an untested image first;
 * then the version tag with the engine, the other tags by manifest copy, each verified, signed
 * before the channel tag moves. Uses core, publisher.engine, publisher.registry,
 * publisher.signing, publisher.records, publisher.verify and publisher.failure.
 */
package org.siplims.publisher.push;
