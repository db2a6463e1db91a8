package org.siplims.publisher.build;

import java.util.List;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/** The image did not build: the failing step, the engine's error and the last lines of the step's output. */
public class BuildFailedException extends PublisherFailure {
    private static final long serialVersionUID = 1L;
    public BuildFailedException(String step, String error, List<String> lastLines) {
        super(ExitCode.BUILD, message(step, error, lastLines),
                "Fix the Dockerfile or what the failing step needs, commit, and run again. Nothing was tested or pushed.");
    }

    private static String message(String step, String error, List<String> lastLines) {
        StringBuilder m = new StringBuilder("The build failed");
        if (!step.isEmpty()) {
            m.append(" at ").append(step);
        }
        m.append(": ").append(error == null ? "the engine gave no reason" : error.strip());
        if (!lastLines.isEmpty()) {
            m.append(System.lineSeparator()).append("Last lines of the step's output:");
            lastLines.forEach(l -> m.append(System.lineSeparator()).append("  | ").append(l));
        }
        return m.toString();
    }
}
