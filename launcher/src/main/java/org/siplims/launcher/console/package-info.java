/**
 * What a user who never opens the status page sees in the terminal: state changes and a pull
 * progress bar. Uses launcher.status only.
 */
package org.siplims.launcher.console;
