package org.siplims.publisher.preflight;

import java.util.List;
import java.util.stream.Collectors;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/** Preflight found problems: all of them, each with its fix. Nothing was built. */
public class PreflightFailedException extends PublisherFailure {
    private static final long serialVersionUID = 1L;
    private final List<Problem> problems;

    public PreflightFailedException(List<Problem> problems) {
        super(ExitCode.PREFLIGHT, "Preflight found " + (problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                        + "; nothing was built:" + System.lineSeparator()
                        + problems.stream().map(p -> "  - " + p.describe().replace(System.lineSeparator(), System.lineSeparator() + "  "))
                        .collect(Collectors.joining(System.lineSeparator())),
                "Fix " + (problems.size() == 1 ? "it" : "them") + " and run the command again.");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
