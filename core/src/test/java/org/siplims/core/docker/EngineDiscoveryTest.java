package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.docker.EngineDiscovery.Candidate;
import org.siplims.core.docker.EngineDiscovery.Os;

/**
 * Where the launcher looks for an engine on each operating system, with fake home folders: a
 * regular file stands for a socket, and "answers" is decided by the test, never by a real engine.
 */
class EngineDiscoveryTest {
    @TempDir
    Path home;

    private Predicate<URI> answering(String... hosts) {
        Set<String> up = Set.of(hosts);
        return h -> up.contains(h.toString());
    }

    private String sock(String relative) throws Exception {
        Path p = home.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
        return "unix://" + p;
    }

    @Test
    void onAMacEachProductsSocketIsFoundWhenItsEngineIsTheOnlyOneThatAnswers() throws Exception {
        Map<String, String> products = Map.of(
                ".docker/run/docker.sock", "Docker Desktop",
                ".rd/docker.sock", "Rancher Desktop",
                ".colima/default/docker.sock", "Colima",
                ".config/colima/default/docker.sock", "Colima",
                ".orbstack/run/docker.sock", "OrbStack",
                ".local/share/containers/podman/machine/podman.sock", "Podman machine",
                ".local/share/containers/podman/machine/qemu/podman.sock", "Podman machine");
        for (Map.Entry<String, String> product : products.entrySet()) {
            String host = sock(product.getKey());
            EngineDiscovery.Found found = new EngineDiscovery(Os.MAC, home, Map.of()).find(answering(host));
            assertEquals(host, found.engine().orElseThrow().host().toString(), product.getKey());
            assertEquals(product.getValue(), found.engine().get().source());
        }
    }

    @Test
    void onAMacDockerDesktopComesBeforeTheOthersAndTheFirstThatAnswersWins() throws Exception {
        String desktop = sock(".docker/run/docker.sock");
        String colima = sock(".colima/default/docker.sock");
        EngineDiscovery discovery = new EngineDiscovery(Os.MAC, home, Map.of());
        List<String> order = discovery.candidates().stream().map(c -> c.host().toString()).toList();
        assertTrue(order.indexOf(desktop) < order.indexOf(colima), order.toString());
        assertEquals(colima, discovery.find(answering(colima)).engine().orElseThrow().host().toString(), "Docker Desktop is not running");
        assertEquals(desktop, discovery.find(answering(desktop, colima)).engine().orElseThrow().host().toString());
    }

    @Test
    void onLinuxRootlessPodmanIsFoundUnderXdgRuntimeDirAndRootfulUnderRun() throws Exception {
        Path runtime = home.resolve("run-user-1000");
        String rootless = "unix://" + runtime.resolve("podman/podman.sock");
        EngineDiscovery discovery = new EngineDiscovery(Os.LINUX, home, Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        Candidate found = discovery.find(answering(rootless)).engine().orElseThrow();
        assertEquals("Podman (rootless)", found.source());
        Candidate rootful = discovery.find(answering("unix:///run/podman/podman.sock")).engine().orElseThrow();
        assertEquals("Podman (rootful)", rootful.source());
        List<String> order = discovery.candidates().stream().map(c -> c.host().toString()).toList();
        assertEquals("unix:///var/run/docker.sock", order.get(0), "Docker's own socket first on Linux");
    }

    @Test
    void onWindowsTheNamedPipesOfDockerDesktopAndThePodmanMachineAreTried() {
        EngineDiscovery discovery = new EngineDiscovery(Os.WINDOWS, home, Map.of());
        assertEquals(List.of("npipe:////./pipe/docker_engine", "npipe:////./pipe/podman-machine-default"),
                discovery.candidates().stream().map(c -> c.host().toString()).toList());
        assertEquals("Podman machine",
                discovery.find(answering("npipe:////./pipe/podman-machine-default")).engine().orElseThrow().source());
    }

    @Test
    void dockerHostThenTheCurrentContextComeBeforeTheKnownSockets() throws Exception {
        String colima = sock(".colima/default/docker.sock");
        Path meta = home.resolve(".docker/contexts/meta").resolve(sha256("colima")).resolve("meta.json");
        Files.createDirectories(meta.getParent());
        Files.writeString(meta, "{\"Name\":\"colima\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + colima
                + "\",\"SkipTLSVerify\":false}}}");
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{},\"currentContext\":\"colima\"}");

        List<Candidate> withContext = new EngineDiscovery(Os.MAC, home, Map.of()).candidates();
        assertEquals(new Candidate(URI.create(colima), "Docker context 'colima'"), withContext.get(0));

        List<Candidate> withHost = new EngineDiscovery(Os.MAC, home, Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")).candidates();
        assertEquals(List.of("DOCKER_HOST", "Docker context 'colima'"), withHost.subList(0, 2).stream().map(Candidate::source).toList());
        assertEquals("Docker context 'colima'",
                new EngineDiscovery(Os.MAC, home, Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")).find(answering(colima)).engine().orElseThrow().source(),
                "DOCKER_HOST does not answer: the next place that does wins");
    }

    @Test
    void theDefaultContextAndUnreadableFilesAreIgnored() throws Exception {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"default\"}");
        assertTrue(new EngineDiscovery(Os.LINUX, home, Map.of()).currentContext().isEmpty());
        Files.writeString(home.resolve(".docker/config.json"), "{not json");
        assertTrue(new EngineDiscovery(Os.LINUX, home, Map.of()).currentContext().isEmpty());
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"gone\"}");
        assertTrue(new EngineDiscovery(Os.LINUX, home, Map.of()).currentContext().isEmpty(), "a context without its meta.json");
    }

    @Test
    void whenNothingAnswersEveryPlaceTriedIsListed() {
        EngineDiscovery.Found found = new EngineDiscovery(Os.MAC, home, Map.of()).find(h -> false);
        assertTrue(found.engine().isEmpty());
        assertTrue(found.tried().stream().map(Candidate::source).toList()
                .containsAll(List.of("Docker Desktop", "Rancher Desktop", "Colima", "OrbStack", "Podman machine")), found.tried().toString());
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
