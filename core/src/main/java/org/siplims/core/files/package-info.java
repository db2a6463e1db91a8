/**
 * File-system helpers both programs need, such as writing a file so that a reader never sees
 * half of it. Uses only the JDK.
 */
package org.siplims.core.files;
