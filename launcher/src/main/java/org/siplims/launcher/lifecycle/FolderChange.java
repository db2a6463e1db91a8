package org.siplims.launcher.lifecycle;

import java.util.Optional;

/**
 * A request to change the folders, as the user gave them (not yet checked).
 *
 * @param scripts  empty: keep the current scripts folder; a present empty text: no scripts folder
 * @param workflow empty: keep the current workflow; a present empty text: none
 */
public record FolderChange(String project, Optional<String> scripts, Optional<String> workflow) {
}
