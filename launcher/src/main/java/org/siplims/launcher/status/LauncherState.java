package org.siplims.launcher.status;

/** Where the launcher is, as reported by {@code GET /api/status}; the names are part of the API. */
public enum LauncherState {
    /** No Docker engine answers; the launcher keeps retrying. */
    DOCKER_UNAVAILABLE,
    /** Docker answers, but no (valid) project folder was given yet. */
    NEEDS_PROJECT,
    /** Asking the registry for the newest release and comparing it with the local images. */
    CHECKING,
    /** Downloading an image; the status carries the progress. */
    PULLING,
    /** The app container is being created or started, or the launcher waits for it to be healthy. */
    STARTING,
    /** The app answers its health check; the status carries its URL. */
    RUNNING,
    /** The app container is being stopped. */
    STOPPING,
    /** The app was stopped on request; it starts again on request. */
    STOPPED,
    /** Something needs the user's attention; the message says what. */
    ERROR
}
