/**
 * The status the launcher reports (one immutable snapshot, what the API returns and every event
 * carries), the store that changes it and the event bus that announces it. Uses core.image and
 * launcher.paths.
 */
package org.siplims.launcher.state;
