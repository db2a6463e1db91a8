/**
 * Checking on the registry what users will get (every tag on the tested digest) and, after a
 * release, pulling it by digest to test it again. Uses core (docker, image, release),
 * publisher.engine, publisher.registry and publisher.failure.
 */
package org.siplims.publisher.verify;
