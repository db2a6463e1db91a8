package org.siplims.core.image;

import org.siplims.core.UserFacingException;

/** An image reference or digest that does not follow Docker's grammar. */
public class InvalidReferenceException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    public InvalidReferenceException(String message) {
        super(message, "Write it as [registry[:port]/]path[:tag][@sha256:digest], in lower case, "
                + "for example ghcr.io/rrmalmstrom/sip_lims_workflow_manager:latest.");
    }
}
