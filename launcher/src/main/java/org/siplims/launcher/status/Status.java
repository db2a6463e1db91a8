package org.siplims.launcher.status;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.siplims.launcher.paths.HostFolder;

/**
 * One immutable snapshot of everything the launcher reports: what {@code GET /api/status} returns
 * and every server-sent event carries. Changed only through {@link StatusStore}, with the
 * {@code with…} copies below.
 */
public record Status(
        LauncherState state,
        String message,
        DockerInfo docker,
        Optional<ImageInfo> image,
        UpdateInfo update,
        Optional<PullProgress> pull,
        Optional<ContainerInfo> container,
        Optional<HostFolder> project,
        Optional<HostFolder> scripts,
        Optional<String> workflow,
        Optional<URI> appUrl,
        Optional<UpdateChanges> changes) {

    public Status {
        Objects.requireNonNull(state);
        message = message == null ? "" : message;
        Objects.requireNonNull(docker);
        Objects.requireNonNull(image);
        Objects.requireNonNull(update);
        Objects.requireNonNull(pull);
        Objects.requireNonNull(container);
        Objects.requireNonNull(project);
        Objects.requireNonNull(scripts);
        Objects.requireNonNull(workflow);
        Objects.requireNonNull(appUrl);
        Objects.requireNonNull(changes);
    }

    /** The state before anything was tried. */
    public static Status initial(Optional<HostFolder> project, Optional<HostFolder> scripts, Optional<String> workflow) {
        return new Status(LauncherState.CHECKING, "Starting…", DockerInfo.UNKNOWN, Optional.empty(), UpdateInfo.NOT_CHECKED,
                Optional.empty(), Optional.empty(), project, scripts, workflow, Optional.empty(), Optional.empty());
    }

    /** A new state and message; pull progress is kept only while pulling, the app URL only while the app serves. */
    public Status with(LauncherState newState, String newMessage) {
        Optional<PullProgress> keptPull = newState == LauncherState.PULLING ? pull : Optional.empty();
        return new Status(newState, newMessage, docker, image, update, keptPull, container, project, scripts, workflow, appUrl, changes);
    }

    public Status withDocker(DockerInfo d) {
        return new Status(state, message, d, image, update, pull, container, project, scripts, workflow, appUrl, changes);
    }

    public Status withImage(Optional<ImageInfo> i) {
        return new Status(state, message, docker, i, update, pull, container, project, scripts, workflow, appUrl, changes);
    }

    public Status withUpdate(UpdateInfo u) {
        return new Status(state, message, docker, image, u, pull, container, project, scripts, workflow, appUrl, changes);
    }

    public Status withPull(Optional<PullProgress> p) {
        return new Status(state, message, docker, image, update, p, container, project, scripts, workflow, appUrl, changes);
    }

    public Status withContainer(Optional<ContainerInfo> c) {
        return new Status(state, message, docker, image, update, pull, c, project, scripts, workflow, appUrl, changes);
    }

    public Status withFolders(Optional<HostFolder> p, Optional<HostFolder> s, Optional<String> w) {
        return new Status(state, message, docker, image, update, pull, container, p, s, w, appUrl, changes);
    }

    public Status withAppUrl(Optional<URI> url) {
        return new Status(state, message, docker, image, update, pull, container, project, scripts, workflow, url, changes);
    }

    /**
     * What the offered update would change, once read. Kept apart from {@link UpdateInfo}: it is
     * read after the check, off its path, and shown only while it matches the offered digest.
     */
    public Status withChanges(Optional<UpdateChanges> c) {
        return new Status(state, message, docker, image, update, pull, container, project, scripts, workflow, appUrl, c);
    }
}
