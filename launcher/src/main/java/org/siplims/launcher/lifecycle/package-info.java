/**
 * The launcher's lifecycle: from a Docker engine and a project folder to a running, watched app.
 *
 * <ul>
 *   <li>{@link org.siplims.launcher.lifecycle.Supervisor}: takes the requests (API, console, timers) and runs the
 *       work on one worker thread; stop, restart, quit and a folder change preempt what runs.</li>
 *   <li>{@link org.siplims.launcher.lifecycle.ImageSelector}: which image runs (registry, offline, refused
 *       release, registry down).</li>
 *   <li>{@link org.siplims.launcher.lifecycle.AppRunner}: adopts, replaces or starts the container and waits
 *       for health.</li>
 *   <li>{@link org.siplims.launcher.lifecycle.UpdateSwitch}: the update and roll-back decisions; the result is an
 *       {@link org.siplims.launcher.lifecycle.UpdateOutcome}.</li>
 *   <li>{@link org.siplims.launcher.lifecycle.ContainerWatcher}: reports an app that stops or stops answering.</li>
 * </ul>
 *
 * <p>Every state change goes through {@link org.siplims.launcher.status.StateMachine}. The services
 * (engine, release source, signature checks, clock) come in through
 * {@link org.siplims.launcher.lifecycle.LauncherContext}; what changes during a run is in the one
 * {@link org.siplims.launcher.lifecycle.Session}.
 */
package org.siplims.launcher.lifecycle;
