/**
 * The class-data-sharing archive made on the user's computer so the status page answers sooner.
 * Uses only core.files and the JDK.
 */
package org.siplims.launcher.cds;
