package org.siplims.core.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.siplims.core.docker.Readiness;

/** The fixtures themselves work against the real engine and registry. */
class FixtureImagesIT {
    private final TestEnvironment env = TestEnvironment.get();
    private final FixtureImages fixtures = new FixtureImages(env);

    @Test
    void appFixturePrintsVersionAndAnswersHealth() throws Exception {
        FixtureImages.PushedImage app = fixtures.pushApp("1.2.3");
        String pinned = app.pinned().toString();
        assertTrue(fixtures.cli().run("run", "--rm", pinned, "--version").contains("1.2.3"));

        String name = TestEnvironment.uniqueContainerName("fixture");
        String port = "127.0.0.1::8501";
        fixtures.cli().run("run", "-d", "--init", "--name", name, "-p", port, pinned);
        try {
            Readiness.Outcome outcome = env.awaitReady(name, 8501, "/_stcore/health", Duration.ofSeconds(5));
            assertInstanceOf(Readiness.Ready.class, outcome, outcome::toString);
        } finally {
            fixtures.cli().exec(null, "rm", "-f", name);
        }
    }
}
