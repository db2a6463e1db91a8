package org.siplims.launcher.paths;

/**
 * Why a folder cannot be mounted into the app container: the typed reason behind an
 * {@link InvalidFolderException}, which tests and callers decide on instead of its prose.
 */
public enum FolderRefusal {
    /** Nothing was given. */
    NOTHING_GIVEN,
    /** A relative path: relative to what is unclear (the launcher, the browser and the user have different current folders). */
    RELATIVE,
    /** Nothing exists at the path. */
    MISSING,
    /** Something exists there but is not a folder (a file, a socket, a device or a named pipe). */
    NOT_A_FOLDER,
    /** The Docker socket or a Docker named pipe: mounting it hands the app control of the engine. */
    DOCKER_SOCKET,
    /** The top of the file system, of a drive, of a data volume or of a network share: far more than one project. */
    TOP_OF_DRIVE,
    /** The user's home folder itself: every file of the user. */
    HOME_ITSELF,
    /** A hidden folder (a name starting with a dot) or the settings folders AppData or Library in the home folder: keys, passwords and settings live there. */
    HIDDEN_OR_SETTINGS,
    /** A folder of the operating system or of Docker ({@code /etc}, {@code C:\Windows}, ...), or one holding every user's folders. */
    SYSTEM_FOLDER,
    /** Neither inside the user's home folder nor on a data drive, so not a place where lab projects are kept. */
    OUTSIDE_ALLOWED_PLACES
}
