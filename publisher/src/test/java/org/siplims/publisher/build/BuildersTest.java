package org.siplims.publisher.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.docker.EngineInfo;
import org.siplims.core.image.Platform;
import org.siplims.publisher.failure.PublisherFailure;

/** Which builder is chosen, and what the docker child is given. */
class BuildersTest {
    private static final EngineInfo CONTAINERD = new EngineInfo("28.5.2", "1.51", Platform.LINUX_AMD64, EngineInfo.DOCKER, true);
    private static final EngineInfo CLASSIC_STORE = new EngineInfo("20.10.24", "1.41", Platform.LINUX_AMD64, EngineInfo.DOCKER, false);
    private static final EngineInfo PODMAN = new EngineInfo("4.3.1", "1.41", Platform.LINUX_AMD64, EngineInfo.PODMAN, false);
    private static final Buildx.Probe WORKS = new Buildx.Probe(true, "buildx 0.29.1, docker driver");

    @Test
    void buildKitOnlyOnDockerEnginesContainerdStoreWithAWorkingBuildx() {
        assertTrue(Builders.decide(Builders.Preference.AUTO, CONTAINERD, true, WORKS).buildKit());
        assertFalse(Builders.decide(Builders.Preference.AUTO, CLASSIC_STORE, true, WORKS).buildKit());
        assertFalse(Builders.decide(Builders.Preference.AUTO, PODMAN, true, WORKS).buildKit());
        assertFalse(Builders.decide(Builders.Preference.AUTO, CONTAINERD, false, null).buildKit());
        assertFalse(Builders.decide(Builders.Preference.AUTO, CONTAINERD, true, new Buildx.Probe(false, "no buildx plugin")).buildKit());
        assertFalse(Builders.decide(Builders.Preference.CLASSIC, CONTAINERD, true, WORKS).buildKit());
        assertEquals("no buildx plugin", Builders.decide(Builders.Preference.AUTO, CONTAINERD, true, new Buildx.Probe(false, "no buildx plugin")).reason());
    }

    @Test
    void theSettingIsReadInAnyCaseAndAnUnknownValueIsRefused() {
        assertEquals(Builders.Preference.AUTO, Builders.preference(null));
        assertEquals(Builders.Preference.CLASSIC, Builders.preference(" Classic "));
        assertEquals(Builders.Preference.BUILDKIT, Builders.preference("buildkit"));
        assertThrows(PublisherFailure.class, () -> Builders.preference("kaniko"));
    }

    @Test
    void theDockerChildGetsTheEngineThePluginsFolderAndPathButNoSecret() {
        Map<String, String> publisher = new HashMap<>();
        publisher.put("PATH", "/usr/bin");
        publisher.put("HOME", "/home/maintainer");
        publisher.put("DOCKER_CONFIG", "/home/maintainer/.docker");
        publisher.put("DOCKER_HOST", "unix:///somewhere/else.sock");
        publisher.put("REGISTRY_PASSWORD", "secret");
        publisher.put("PUBLISHER_KEY_PASSWORD", "secret");
        publisher.put("GITHUB_TOKEN", "secret");
        Map<String, String> child = Buildx.environment(publisher, URI.create("unix:///var/run/engine.sock"));
        assertEquals(Map.of("PATH", "/usr/bin", "HOME", "/home/maintainer", "DOCKER_CONFIG", "/home/maintainer/.docker",
                "DOCKER_HOST", "unix:///var/run/engine.sock"), child);
    }

    @Test
    void dockerIsFoundOnThePublishersPath(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        assertTrue(Buildx.dockerOnPath(bin.toString()).isEmpty());
        Path docker = Files.writeString(bin.resolve("docker"), "#!/bin/sh\n");
        docker.toFile().setExecutable(true);
        assertEquals(docker, Buildx.dockerOnPath(dir.resolve("none") + java.io.File.pathSeparator + bin).orElseThrow());
    }
}
