package org.siplims.core.docker;

import org.siplims.core.UserFacingException;

/** No Docker engine answered where one was expected. */
public class DockerUnavailableException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    public DockerUnavailableException(String where, Throwable cause) {
        super("Docker is not running (no Docker engine answered at " + where + ").",
                "Start Docker Desktop (or the engine you use instead: Podman, Rancher Desktop, Colima or OrbStack) and wait "
                        + "until it is running; this continues by itself once it is.",
                cause);
    }

    /** For a kind of unavailability with a sentence of its own. */
    protected DockerUnavailableException(String message, String hint, Throwable cause) {
        super(message, hint, cause);
    }
}
