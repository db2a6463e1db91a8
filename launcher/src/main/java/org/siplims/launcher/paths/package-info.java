/**
 * Turning what a user typed, pasted or dragged into a folder the app container may mount, with
 * each operating system's rules. Uses only the root package of core.
 */
package org.siplims.launcher.paths;
