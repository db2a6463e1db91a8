/**
 * Asking the registry which release the channel tag names, without pulling anything. Uses core
 * (image, registry, release) only.
 */
package org.siplims.launcher.update;
