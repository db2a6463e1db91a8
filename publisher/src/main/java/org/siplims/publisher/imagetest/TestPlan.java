package org.siplims.publisher.imagetest;

import java.time.Duration;
import java.util.List;
import org.siplims.publisher.config.TestCommand;

/**
 * What to test an image for: the version {@code versionCommand} must print, the health path that
 * must answer 200 on {@code port} within {@code healthTimeout} (a path starting with {@code /}: the settings
 * refuse one without), and extra commands from the config.
 */
public record TestPlan(String expectedVersion, List<String> versionCommand, String healthPath, int port, Duration healthTimeout,
                       List<TestCommand> commands) {
    public TestPlan {
        versionCommand = List.copyOf(versionCommand);
        commands = List.copyOf(commands);
    }
}
