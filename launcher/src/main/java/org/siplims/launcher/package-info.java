/**
 * The launcher's entry point ({@code Main}), one running launcher put together from its parts
 * ({@code Launcher}), and what it takes from the machine ({@code LauncherEnvironment}). Uses every
 * launcher package and core; never the publisher. Today launcher.cli uses {@code Launcher} while
 * {@code Main} uses launcher.cli, which is a package cycle.
 */
package org.siplims.launcher;
