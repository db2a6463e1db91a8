package org.siplims.launcher.api;

import java.util.Optional;
import org.siplims.launcher.lifecycle.FolderChange;
import org.siplims.launcher.paths.FolderBrowser;
import org.siplims.launcher.status.Status;

/**
 * What the HTTP API can ask of the launcher. Each action returns the status right after it was
 * accepted; its effect follows in the events. Refusals are {@link org.siplims.core.UserFacingException}s:
 * {@link org.siplims.launcher.lifecycle.ActionRefusedException} when the state does not allow it
 * (409), others for bad input (400).
 */
public interface LauncherActions {
    Status status();

    Status changeFolders(FolderChange change);

    Status start();

    Status stop();

    Status restart();

    /** Installs the offered release (switching to it, rolling back when it does not start). */
    Status update();

    /** Only asks whether a release is offered: downloads and restarts nothing. */
    Status checkForUpdates();

    /** Does not offer the offered release again (remembered); a newer one is offered as usual. */
    Status skipUpdate();

    /** Begins quitting; the launcher stops the app, then exits. */
    Status quit();

    String logs(int tail) throws InterruptedException;

    /** The folders in a folder, for the page's folder picker (empty: the home folder). */
    FolderBrowser.Listing listFolders(Optional<String> path);
}
