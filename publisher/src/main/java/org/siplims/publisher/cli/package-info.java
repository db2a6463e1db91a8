/**
 * The command line (picocli): one command per subcommand, their options, and how settings are
 * resolved from options, {@code publisher.json} and defaults. The top of the publisher: it may use
 * every other publisher package and core; no other package uses it.
 */
package org.siplims.publisher.cli;
