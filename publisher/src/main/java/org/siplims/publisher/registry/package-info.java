/**
 * The registry as the publisher uses it, through core's registry client: what a release is, its
 * tags ({@code ReleaseTags}), the catalogue of releases, retagging and rolling the channel back.
 * Uses core and publisher.failure.
 */
package org.siplims.publisher.registry;
