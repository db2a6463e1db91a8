/**
 * One running launcher put together from its parts ({@link org.siplims.launcher.service.Launcher}:
 * the status server first, then the supervisor and the start-up archive) and what it takes from the
 * machine ({@link org.siplims.launcher.service.LauncherEnvironment}). Uses every launcher package
 * below it and core; used only by launcher.cli.
 */
package org.siplims.launcher.service;
