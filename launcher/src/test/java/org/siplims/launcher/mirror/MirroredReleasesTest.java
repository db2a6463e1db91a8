package org.siplims.launcher.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MirroredReleasesTest {
    @Test
    void versionTagsAreOrderedNewestFirstAndOtherTagsLeftOut() {
        List<String> tags = List.of("latest", "1.9.0", "v1.10.0", "1.10.0-rc1", "sha256-abc.sig", "2.0", "stable");
        assertEquals(List.of("2.0", "v1.10.0", "1.10.0-rc1", "1.9.0"), MirroredReleases.versionTagsNewestFirst(tags));
    }
}
