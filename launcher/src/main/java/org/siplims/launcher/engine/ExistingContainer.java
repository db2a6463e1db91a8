package org.siplims.launcher.engine;

import java.util.Optional;

/**
 * A container found by name.
 *
 * @param managed     it carries the launcher's label: the launcher created it and may replace it
 * @param fingerprint the spec fingerprint label, for managed containers
 */
public record ExistingContainer(String id, String name, boolean managed, boolean running, String status,
                                Optional<String> fingerprint, Optional<Integer> exitCode) {
}
