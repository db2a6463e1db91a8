package org.siplims.core.docker;

import org.siplims.core.UserFacingException;

/** The engine answers, but speaks an older Docker API than the launcher and the publisher need. */
public class EngineTooOldException extends UserFacingException {
    private static final long serialVersionUID = 1L;

    public EngineTooOldException(String engine, String apiVersion, String minimum) {
        super(engine + " is too old: it speaks the Docker API " + apiVersion + ", and " + minimum
                        + " or newer is needed (Docker 20.10, Podman 4 or newer).",
                "Update your container engine (Docker Desktop, Podman, Rancher Desktop, Colima or OrbStack) to a current version, "
                        + "then start again.", null);
    }
}
