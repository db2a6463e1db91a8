/**
 * Everything that makes the launcher start fast: the class-data-sharing archive made on the user's
 * computer ({@link org.siplims.launcher.startup.StartupArchive}), its training run ({@link
 * org.siplims.launcher.startup.CdsTraining}) and the warm-up of Javalin, Jetty and Jackson while
 * the command line is read ({@link org.siplims.launcher.startup.WarmUp}). Uses core.files,
 * core.process, launcher.api and the JDK.
 */
package org.siplims.launcher.startup;
