package org.siplims.publisher.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Build progress as each engine's builder words it: one line per Dockerfile step. */
class BuildProgressTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void dockersAndPodmansStepLinesBothBecomeOneProgressLinePerStep() throws Exception {
        for (String engineLine : List.of("Step 2/3 : COPY entrypoint.sh /entrypoint.sh", "STEP 2/3: COPY entrypoint.sh /entrypoint.sh")) {
            List<String> shown = new ArrayList<>();
            BuildProgress progress = new BuildProgress(shown::add, Set.of("org.opencontainers.image.version"));
            progress.onNext(item(engineLine + "\n"));
            progress.onNext(item(" ---> Running in 1234\n"));
            progress.onNext(item((engineLine.startsWith("STEP") ? "STEP 3/3: " : "Step 3/3 : ")
                    + "LABEL org.opencontainers.image.version=\"1.0.0\"\n"));
            assertEquals(List.of("  step 2/3: COPY entrypoint.sh /entrypoint.sh",
                    "  step 3/3: LABEL the release's version, commit, build date and lock files' SHA-256"), shown, engineLine);
        }
    }

    private static BuildResponseItem item(String stream) throws Exception {
        return JSON.readValue(JSON.writeValueAsString(java.util.Map.of("stream", stream)), BuildResponseItem.class);
    }
}
