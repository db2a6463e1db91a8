/**
 * The command line (picocli, {@code LaunchCommand}) and opening the browser. Uses
 * launcher.service to start a launcher, launcher.startup (warm-up, training run), launcher.config,
 * launcher.paths, launcher.status and core.
 */
package org.siplims.launcher.cli;
