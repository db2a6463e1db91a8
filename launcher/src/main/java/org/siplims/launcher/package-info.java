/**
 * The launcher's entry point, {@code Main}: sets up logging, starts the warm-up and hands the
 * command line to launcher.cli. Nothing else lives here, so no package depends on this one.
 */
package org.siplims.launcher;
