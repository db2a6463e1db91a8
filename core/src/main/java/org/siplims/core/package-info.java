/**
 * What the publisher and the launcher share, and nothing of either: the one root type,
 * {@link org.siplims.core.UserFacingException}, is the error with a message and a hint for a person
 * that every package here and in both programs builds on. The sub-packages may use it and each other
 * without cycles; core never uses org.siplims.publisher or org.siplims.launcher.
 */
package org.siplims.core;
