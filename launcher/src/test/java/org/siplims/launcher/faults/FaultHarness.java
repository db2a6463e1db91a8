package org.siplims.launcher.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.siplims.core.image.ImageReference;
import org.siplims.core.registry.CredentialResolver;
import org.siplims.core.registry.RegistryClient;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.testing.LauncherHarness;

/**
 * The common launcher harness with what the fault tests add: a registry client with a short
 * timeout (a stalled registry must not hold a test for the default one), a project folder of any
 * name, no workflow-scripts folder (only the project is mounted), and hashes of the project
 * folder, so a test can prove a fault left the user's work untouched. Container names start with
 * {@code fault-}, to tell what these tests leave on an engine.
 */
final class FaultHarness extends LauncherHarness {
    /** Written by the fixture app when it starts: not the user's work. */
    private static final String FIXTURE_APP_MARKER = ".fixture-app-was-here";

    FaultHarness(String prefix) {
        this(prefix, newRepository(prefix));
    }

    FaultHarness(String prefix, ImageReference repository) {
        this(prefix, repository, "Lab Projects/Project 42");
    }

    FaultHarness(String prefix, ImageReference repository, String projectFolder) {
        super("fault-" + prefix, repository, freePort(), projectFolder);
    }

    /** A registry client without the user's credentials, giving up on a silent registry after {@code timeout}. */
    FaultHarness registryTimeout(Duration timeout) {
        registryClient(() -> new RegistryClient(new CredentialResolver(Map.of(), home, List.of()), timeout));
        return this;
    }

    @Override
    public LauncherOptions options() {
        LauncherOptions o = super.options();
        return o.withFolders(o.project(), Optional.empty(), o.workflow());
    }

    /** Every file under the folder (relative path → SHA-256), to compare before and after a fault. */
    static Map<String, String> hashTree(Path dir) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Writes a user's work into the project and returns the folder's hashes. */
    Map<String, String> writeWork() {
        try {
            Files.writeString(project.resolve("results.csv"), "sample,value\n1,2\n");
            Files.createDirectories(project.resolve("run 1"));
            Files.writeString(project.resolve("run 1/notes.txt"), "work in progress\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hashTree(project);
    }

    /** The project folder holds exactly what it held (the app's own marker file aside). */
    void assertProjectUntouched(Map<String, String> before) {
        Map<String, String> now = hashTree(project);
        now.remove(FIXTURE_APP_MARKER);
        Map<String, String> expected = new TreeMap<>(before);
        expected.remove(FIXTURE_APP_MARKER);
        assertEquals(expected, now, "the project folder is untouched");
    }
}
