package org.siplims.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Info;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.siplims.core.docker.DockerEngine;

/** The engines scripts/test-env starts answer, are the versions it recorded, and the CLI follows each. */
class EnginesIT {
    static List<TestEnvironment.Engine> engines() {
        return TestEnvironment.get().engines();
    }

    @Test
    void docker20ComesFirstAndNamesAreKnown() {
        List<TestEnvironment.Engine> engines = engines();
        assertEquals("docker20", engines.get(0).name());
        assertTrue(engines.stream().allMatch(e -> TestEnvironment.ENGINE_NAMES.contains(e.name())), engines.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void eachEngineAnswersWithTheVersionRecorded(TestEnvironment.Engine engine) throws Exception {
        TestEnvironment env = TestEnvironment.get();
        try (var client = env.client(engine)) {
            String version = DockerEngine.ping(client, engine.host()).getVersion();
            assertEquals(env.engineVersion(engine), version);
            if (engine.name().equals("docker28")) {
                Info info = client.infoCmd().exec();
                assertTrue(String.valueOf(info.getDriverStatuses()).contains("io.containerd.snapshotter"),
                        "Docker Engine 28 runs with the containerd image store: " + info.getDriverStatuses());
            }
        }
        DockerCli cli = new DockerCli(Files.createTempDirectory("siplims-docker-config"), engine.host());
        assertEquals(env.engineVersion(engine), cli.run("version", "--format", "{{.Server.Version}}"), "the CLI talks to " + engine);
    }
}
