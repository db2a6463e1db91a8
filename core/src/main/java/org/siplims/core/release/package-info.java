/**
 * What a release says about itself in its image labels (version, commit, build date, lock-file
 * hashes), written by the publisher and read by the launcher. Uses only the JDK.
 */
package org.siplims.core.release;
