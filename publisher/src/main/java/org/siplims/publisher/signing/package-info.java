/**
 * Signing a release with the maintainer's key and checking its signature with trusted keys, as
 * the launcher will; where keys and passphrases come from. Uses core (signing, image),
 * publisher.registry, publisher.report and publisher.failure.
 */
package org.siplims.publisher.signing;
