/**
 * The publisher's settings as resolved once per command, and {@code publisher.json}, the file
 * that gives their defaults. Uses core.image and publisher.failure.
 */
package org.siplims.publisher.config;
