/**
 * What the publisher remembers between commands, in the user's cache folder: the last build of
 * a context and the images that passed their tests. Uses core (files, image) and the root failure
 * types.
 */
package org.siplims.publisher.state;
