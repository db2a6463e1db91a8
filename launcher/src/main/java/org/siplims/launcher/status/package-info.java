/**
 * The live status the launcher reports: one immutable snapshot ({@link
 * org.siplims.launcher.status.Status}, what the API returns and every event carries), the store
 * that holds it, the event bus that announces it, and {@link org.siplims.launcher.status.StateMachine},
 * the one place a state changes, with its table of legal transitions. Uses core.image, core.docker,
 * launcher.paths and launcher.trust (what a signature check found).
 */
package org.siplims.launcher.status;
