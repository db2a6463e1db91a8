package org.siplims.publisher.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An extra test from the config file, run inside the image under test: for example the app's own
 * test suite. {@code run} replaces the image's entrypoint; it must exit 0 within the timeout.
 */
public record TestCommand(String name, List<String> run, Integer timeoutSeconds) {
    public TestCommand {
        // Null entries are kept (not List.copyOf) so that the settings check can name them in publisher.json.
        run = run == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(run));
    }

    public String displayName() {
        return name == null || name.isBlank() ? String.join(" ", run) : name;
    }

    public int timeoutOrDefault() {
        return timeoutSeconds == null ? 600 : timeoutSeconds;
    }
}
