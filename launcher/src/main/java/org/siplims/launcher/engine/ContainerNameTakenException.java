package org.siplims.launcher.engine;

import org.siplims.core.UserFacingException;

/** A container the launcher did not create already has the name the launcher wants: it is left alone. */
public class ContainerNameTakenException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    public ContainerNameTakenException(String name) {
        super("A container named '" + name + "' already exists, and the launcher did not create it, so it leaves it alone.",
                "Stop and remove it yourself (docker rm -f " + name + ") if you no longer need it, "
                        + "or start the launcher with another --name.");
    }
}
