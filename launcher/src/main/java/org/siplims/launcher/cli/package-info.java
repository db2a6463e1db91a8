/**
 * The command line (picocli) and the start-up work around it: warming libraries up, opening the
 * browser, the class-data-sharing training run. Uses the root package, launcher.api, launcher.cds,
 * launcher.config, launcher.paths, launcher.state and core.
 */
package org.siplims.launcher.cli;
