/**
 * The registry as the publisher uses it, through core's registry client: what a release is, the
 * catalogue of releases, retagging and rolling the channel back. Uses core and the root failure
 * types.
 */
package org.siplims.publisher.registry;
