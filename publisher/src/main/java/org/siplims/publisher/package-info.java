/**
 * The publisher's entry point, {@code Main}: hands the command line to publisher.cli. The steps of
 * a release are in publisher.steps, the exit codes in publisher.failure. Uses publisher.cli,
 * publisher.failure and publisher.signing; never the launcher.
 */
package org.siplims.publisher;
