package org.siplims.publisher.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.release.ReleaseMetadata;

class ReleaseTagsTest {
    private static ReleaseMetadata metadata(boolean dirty) {
        return new ReleaseMetadata("1.4.0", "0123456789abcdef0123456789abcdef01234567", Optional.of(Instant.EPOCH), dirty,
                Optional.empty(), Optional.empty());
    }

    @Test
    void versionThenCommitThenTheChannelLast() {
        assertEquals(List.of("1.4.0", "sha-0123456", "latest"), ReleaseTags.of(metadata(false), "latest").inPushOrder());
    }

    @Test
    void aDirtyBuildDoesNotClaimTheCleanCommitTag() {
        assertEquals("sha-0123456-dirty", ReleaseTags.of(metadata(true), "latest").commitTag());
    }
}
