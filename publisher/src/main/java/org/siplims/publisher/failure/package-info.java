/**
 * How a command fails: {@link org.siplims.publisher.failure.PublisherFailure}, a message for a person
 * with the {@link org.siplims.publisher.failure.ExitCode} scripts branch on. It imports nothing else
 * of the publisher, so every step can use it without a package cycle.
 */
package org.siplims.publisher.failure;
