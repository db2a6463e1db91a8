/**
 * Checking on the registry what users will get (every tag on the tested digest) and, after a
 * release, pulling it by digest to test it again. Uses core (image, release), publisher.engine,
 * publisher.registry, publisher.push and the root failure types.
 */
package org.siplims.publisher.verify;
