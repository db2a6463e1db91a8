package org.siplims.publisher.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** buildx's plain progress (as buildx 0.29 prints it here) made into the classic builder's step lines. */
class BuildKitProgressTest {
    @Test
    void eachStepIsAnnouncedOnceInTheClassicBuildersWordsAndInternalWorkIsNot() {
        List<String> shown = new ArrayList<>();
        BuildKitProgress progress = new BuildKitProgress(shown::add);
        List.of("#0 building with \"default\" instance using docker driver", "",
                "#1 [internal] load build definition from Dockerfile", "#1 DONE 0.0s",
                "#4 [linux/arm64 1/3] FROM 127.0.0.1:5555/fixture/busybox@sha256:d46e", "#4 DONE 0.1s",
                "#5 [linux/arm64 2/3] COPY entrypoint.sh /entrypoint.sh",
                "#6 [linux/arm64 3/3] RUN echo hello", "#6 0.312 hello",
                "#5 [linux/arm64 2/3] COPY entrypoint.sh /entrypoint.sh", "#5 DONE 0.0s",
                "#7 exporting to oci image format", "#7 DONE 0.2s").forEach(progress);
        assertEquals(List.of("  step 1/3: FROM 127.0.0.1:5555/fixture/busybox@sha256:d46e", "  step 2/3: COPY entrypoint.sh /entrypoint.sh",
                "  step 3/3: RUN echo hello"), shown);
        assertEquals(Optional.empty(), progress.error());
    }

    @Test
    void aFailedStepIsNamedWithItsOwnLastLinesNotThoseOfStepsRunningBesideIt() {
        BuildKitProgress progress = new BuildKitProgress(line -> { });
        List.of("#5 [2/3] RUN echo beside", "#6 [3/3] RUN ./install.sh", "#6 0.101 installing numpy", "#5 0.102 beside",
                "#6 0.250 no space left on device",
                "#6 ERROR: process \"/bin/sh -c ./install.sh\" did not complete successfully: exit code: 1", "------",
                " > [3/3] RUN ./install.sh:", "------",
                "ERROR: failed to build: failed to solve: process \"/bin/sh -c ./install.sh\" did not complete successfully: exit code: 1")
                .forEach(progress);
        assertEquals("step 3/3: RUN ./install.sh", progress.failedStep());
        assertEquals(List.of("installing numpy", "no space left on device"), progress.lastLines());
        assertTrue(progress.error().orElseThrow().contains("exit code: 1"), progress.error().toString());
    }

    @Test
    void aFailureOutsideAnyStepGivesTheBuildsErrorAndLastLines() {
        BuildKitProgress progress = new BuildKitProgress(line -> { });
        List.of("#1 [internal] load build definition from Dockerfile", "ERROR: failed to build: failed to solve: dockerfile parse error on line 3")
                .forEach(progress);
        assertEquals("", progress.failedStep());
        assertEquals("dockerfile parse error on line 3", progress.error().orElseThrow());
        assertEquals(2, progress.lastLines().size());
    }
}
