package org.siplims.publisher.config;

import java.util.List;

/**
 * An extra test from the config file, run inside the image under test: for example the app's own
 * test suite. {@code run} replaces the image's entrypoint; it must exit 0 within the timeout.
 */
public record TestCommand(String name, List<String> run, Integer timeoutSeconds) {
    public TestCommand {
        run = run == null ? List.of() : List.copyOf(run);
    }

    public String displayName() {
        return name == null || name.isBlank() ? String.join(" ", run) : name;
    }

    public int timeoutOrDefault() {
        return timeoutSeconds == null ? 600 : timeoutSeconds;
    }
}
