/**
 * The launcher's brain: one worker thread that runs every Docker operation in turn, choosing the
 * image, running and watching the app, changing folders and applying updates. Uses launcher.config,
 * launcher.engine, launcher.paths, launcher.state, launcher.trust, launcher.update and core.
 */
package org.siplims.launcher.lifecycle;
