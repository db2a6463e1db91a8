package org.siplims.launcher.lifecycle;

import java.util.regex.Pattern;
import org.siplims.core.UserFacingException;

/** The workflow type passed to the app as WORKFLOW_TYPE: a short name, nothing a shell could misread. */
public final class WorkflowName {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private WorkflowName() {
    }

    public static String check(String text) {
        String name = text == null ? "" : text.strip();
        if (!NAME.matcher(name).matches()) {
            throw new UserFacingException("'" + name + "' is not a workflow name.",
                    "Use letters, digits, '_', '.' and '-' (at most 64), for example SIP or SPS-CE.");
        }
        return name;
    }
}
