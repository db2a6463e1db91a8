package org.siplims.publisher.records;

import java.time.Instant;
import java.util.List;
import org.siplims.core.docker.ImageId;
import org.siplims.core.image.Platform;

/**
 * Proof that one image, identified by its ID (the digest of its config, which no tag can move),
 * passed the publisher's tests: what was checked, against which version, and when. {@code push}
 * refuses an image without one.
 */
public record TestRecord(ImageId imageId, String version, String commit, Platform platform, Instant testedAt, List<String> tests) {
    public TestRecord {
        tests = List.copyOf(tests);
    }
}
