package org.siplims.launcher.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.testing.FixtureImages.Mode;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.core.testing.UnixSocketRecorder;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * The launcher never pins the Docker API below what the engine offers (Docker Engine 29 refuses
 * versions below 1.44): every request it sends to Docker Engine 28 on a first start is recorded
 * by a socket in front of the engine's.
 */
class EngineApiVersionIT {
    private static final Pattern VERSIONED = Pattern.compile("^/v(\\d+\\.\\d+)/");

    @Test
    void theLaunchersRequestsCarryNoApiVersionBelowTheEnginesOwn() throws Exception {
        TestEnvironment env = TestEnvironment.get();
        TestEnvironment.Engine docker28 = env.engine("docker28")
                .orElseThrow(() -> new IllegalStateException("env.properties describes no docker28 engine: run scripts/test-env again."));
        String offered;
        try (var client = env.client(docker28)) {
            offered = client.versionCmd().exec().getApiVersion();
        }
        try (UnixSocketRecorder recorder = UnixSocketRecorder.inFrontOf(Path.of(docker28.host().getPath()));
             LauncherHarness h = new LauncherHarness("apiversion", new TestEnvironment.Engine("docker28", URI.create(recorder.host())))) {
            h.fixtures.pushApp(h.repository.withTag("latest"), "1.0.0", Mode.HEALTHY);
            recorder.clear(); // the fixtures' docker CLI pins its own version; only the launcher's requests count
            h.start();
            Status running = h.await(LauncherState.RUNNING, Duration.ofSeconds(90));

            List<String> paths = recorder.paths();
            assertTrue(paths.stream().anyMatch(p -> p.contains("/containers/create")), "the launcher's requests were recorded: " + paths);
            for (String path : paths) {
                Matcher m = VERSIONED.matcher(path);
                if (m.find()) {
                    assertFalse(EngineConnection.olderThan(m.group(1), offered), path + " pins API " + m.group(1) + ", below the engine's " + offered);
                }
            }
            assertTrue(running.docker().engine().startsWith("Docker Engine 28.") && running.docker().engine().endsWith("(containerd image store)"),
                    running.docker().engine());
            assertTrue(running.docker().host().equals(recorder.host()), running.docker().host());
        }
    }
}
