/**
 * The steps of a release (check, build, test, push) and what they share; the subcommands in
 * {@code cli} run some or all of them.
 */
package org.siplims.publisher.steps;
