/**
 * The publisher's settings as resolved once per command, and {@code publisher.json}, the file
 * that gives their defaults. Uses core.image and the root failure types.
 */
package org.siplims.publisher.config;
