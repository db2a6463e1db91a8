package org.siplims.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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
            String published = fixtures.cli().run("port", name, "8501/tcp");
            URI health = URI.create("http://" + published.lines().findFirst().orElseThrow() + "/_stcore/health");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            int status = 0;
            for (int i = 0; i < 50 && status != 200; i++) {
                try {
                    status = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    Thread.sleep(100);
                }
            }
            assertEquals(200, status);
        } finally {
            fixtures.cli().exec(null, "rm", "-f", name);
        }
    }
}
