package org.siplims.publisher.imagedefinition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.siplims.publisher.imagedefinition.ImageDefinitionFiles.instructions;
import static org.siplims.publisher.imagedefinition.ImageDefinitionFiles.read;
import static org.siplims.publisher.imagedefinition.ImageDefinitionFiles.root;

import com.github.dockerjava.core.dockerfile.Dockerfile;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.release.ReleaseDefaults;
import org.siplims.core.release.ReleaseLabels;
import org.siplims.publisher.config.PublisherConfig;
import org.siplims.publisher.config.Settings;
import org.siplims.publisher.preflight.CondaExplicitLock;
import org.siplims.publisher.preflight.DockerfileBases;
import org.siplims.publisher.preflight.Problem;
import org.siplims.publisher.preflight.RequirementsLock;
import org.siplims.publisher.imagedefinition.ImageDefinitionFiles.Instruction;

/**
 * The root image definition (Dockerfile, conda-lock.txt, requirements-lock.txt, app/) passes the
 * publisher's preflight checks of those files, and its layers are ordered so that a release that
 * changes only the app changes only the small top layer. (Preflight's Git and engine checks are
 * exercised by the publisher's own tests; here the tree may well be dirty.)
 */
class ImageDefinitionTest {
    private static final Pattern DIGEST_BASE = Pattern.compile("continuumio/miniconda3@sha256:[0-9a-f]{64}");

    @Test
    void dockerfilePassesThePublishersBaseCheck() {
        List<Problem> problems = DockerfileBases.check("Dockerfile", read("Dockerfile"));
        assertTrue(problems.isEmpty(), () -> describe(problems));
        List<DockerfileBases.From> froms = DockerfileBases.froms(read("Dockerfile"));
        assertEquals(1, froms.size(), "one stage");
        assertTrue(DIGEST_BASE.matcher(froms.get(0).image()).matches(), "miniconda3 pinned by digest: " + froms.get(0).image());
        ImageReference base = ImageReference.parse(froms.get(0).image());
        assertTrue(base.digest().isPresent() && base.tag().isEmpty(), "digest only, no tag: " + base);
    }

    @Test
    void condaLockPassesThePublishersCheckForTheMaintainersArm64Build() {
        CondaExplicitLock lock = CondaExplicitLock.parse(Settings.CONDA_LOCK, read(Settings.CONDA_LOCK));
        List<Problem> problems = lock.problemsFor(Platform.LINUX_ARM64);
        assertTrue(problems.isEmpty(), () -> describe(problems));
        assertEquals("linux-aarch64", lock.platform().orElseThrow().toString());
        Set<String> names = lock.packages().stream().map(CondaExplicitLock.Package::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("python", "pip", "openssl", "ca-certificates")), "python, pip and their TLS: " + names);
        // Built for arm64 only: preflight refuses it for an amd64 build, naming the mismatch.
        assertFalse(lock.problemsFor(Platform.LINUX_AMD64).isEmpty(), "an amd64 build of this lock is refused");
    }

    /** publisher.json builds for the platform the conda lock is for, on any machine. */
    @Test
    void publisherConfigBuildsForTheLocksPlatform() {
        PublisherConfig config = PublisherConfig.load(root());
        CondaExplicitLock lock = CondaExplicitLock.parse(Settings.CONDA_LOCK, read(Settings.CONDA_LOCK));
        Platform lockPlatform = lock.platform().orElseThrow().dockerPlatform().orElseThrow();
        assertTrue(lockPlatform.matches(Platform.parse(config.platform())), lockPlatform + " vs " + config.platform());
        assertEquals(Platform.LINUX_ARM64.toString(), config.platform());
        assertEquals(null, config.image(), "the default image: " + ReleaseDefaults.DEFAULT_IMAGE);
    }

    @Test
    void requirementsLockPassesThePublishersCheckAndPinsStreamlit() {
        String text = read(Settings.REQUIREMENTS_LOCK);
        List<Problem> problems = RequirementsLock.check(Settings.REQUIREMENTS_LOCK, text);
        assertTrue(problems.isEmpty(), () -> describe(problems));
        List<String> requirements = text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(requirements.stream().anyMatch(l -> l.matches("streamlit==\\d+\\.\\d+\\.\\d+")), "streamlit pinned");
        Set<String> seen = new HashSet<>();
        for (String r : requirements) {
            String name = r.substring(0, r.indexOf("==")).toLowerCase(Locale.ROOT).replace('_', '-');
            assertTrue(seen.add(name), "listed once: " + name);
        }
    }

    @Test
    void lockFilesAndTheirInstallStepsComeBeforeTheApp() {
        List<Instruction> ins = instructions(read("Dockerfile"));
        int copyConda = index(ins, i -> i.is("COPY") && i.arguments().contains("conda-lock.tx"));
        int condaCreate = index(ins, i -> i.is("RUN") && i.arguments().contains("conda create") && i.arguments().contains("--file")
                && i.arguments().contains("conda-lock.txt"));
        int copyPip = index(ins, i -> i.is("COPY") && i.arguments().contains("requirements-lock.tx"));
        int pipInstall = index(ins, i -> i.is("RUN") && i.arguments().contains("pip install") && i.arguments().contains("--no-deps")
                && i.arguments().contains("-r /opt/sip-lims/requirements-lock.txt"));
        int copyApp = index(ins, i -> i.is("COPY") && i.arguments().startsWith("app/ "));
        assertTrue(copyConda < condaCreate && condaCreate < copyPip && copyPip < pipInstall && pipInstall < copyApp,
                "order: COPY conda lock, conda create, COPY pip lock, pip install, COPY app/ (lines " + ins.get(copyConda).line() + ", "
                        + ins.get(condaCreate).line() + ", " + ins.get(copyPip).line() + ", " + ins.get(pipInstall).line() + ", "
                        + ins.get(copyApp).line() + ")");
        int lastLayer = -1;
        for (int i = 0; i < ins.size(); i++) {
            if (ins.get(i).makesLayer()) {
                lastLayer = i;
            }
        }
        assertEquals(copyApp, lastLayer, "the app is the last layer: nothing that writes files comes after COPY app/");
        assertFalse(ins.stream().anyMatch(i -> i.is("COPY") && (i.arguments().startsWith(". ") || i.arguments().startsWith("./ "))),
                "no COPY of the whole context, which would put lock files and app in one layer");
    }

    @Test
    void releaseArgsAreDeclaredAfterTheLastLayerSoANewVersionKeepsTheCache() {
        List<Instruction> ins = instructions(read("Dockerfile"));
        int lastLayer = 0;
        for (int i = 0; i < ins.size(); i++) {
            if (ins.get(i).makesLayer()) {
                lastLayer = i;
            }
        }
        for (String arg : List.of(ReleaseLabels.ARG_VERSION, ReleaseLabels.ARG_COMMIT, ReleaseLabels.ARG_BUILD_DATE)) {
            int declared = index(ins, i -> i.is("ARG") && i.arguments().startsWith(arg));
            assertTrue(declared > lastLayer, arg + " declared after the last layer, at line " + ins.get(declared).line());
            assertTrue(ins.stream().anyMatch(i -> i.is("ENV") && i.arguments().contains(arg + "=${" + arg + "}")),
                    arg + " kept in the environment for --version");
        }
    }

    @Test
    void labelsNamedByTheCoreLibraryAreDeclaredFromTheBuildArgs() {
        String labels = instructions(read("Dockerfile")).stream().filter(i -> i.is("LABEL")).map(Instruction::arguments)
                .collect(Collectors.joining(" "));
        assertLabel(labels, ReleaseLabels.VERSION, ReleaseLabels.ARG_VERSION);
        assertLabel(labels, ReleaseLabels.OCI_VERSION, ReleaseLabels.ARG_VERSION);
        assertLabel(labels, ReleaseLabels.COMMIT, ReleaseLabels.ARG_COMMIT);
        assertLabel(labels, ReleaseLabels.OCI_REVISION, ReleaseLabels.ARG_COMMIT);
        assertLabel(labels, ReleaseLabels.BUILD_DATE, ReleaseLabels.ARG_BUILD_DATE);
        assertLabel(labels, ReleaseLabels.OCI_CREATED, ReleaseLabels.ARG_BUILD_DATE);
        assertTrue(labels.contains(ReleaseLabels.OCI_TITLE + "=") && labels.contains(ReleaseLabels.OCI_SOURCE + "="), labels);
    }

    @Test
    void runsAsANonRootUserWithHealthCheckPortAndEntrypoint() {
        List<Instruction> ins = instructions(read("Dockerfile"));
        Instruction user = ins.stream().filter(i -> i.is("USER")).reduce((a, b) -> b).orElseThrow();
        assertFalse(Set.of("root", "0", "0:0").contains(user.arguments().trim()), "non-root user: " + user.arguments());
        assertTrue(ins.stream().anyMatch(i -> i.is("RUN") && i.arguments().contains("mkdir -p /data /workflow-scripts")
                && i.arguments().contains("chown " + user.arguments().trim() + ":")), "/data and /workflow-scripts owned by the user");
        assertTrue(ins.stream().anyMatch(i -> i.is("EXPOSE") && i.arguments().trim().equals("8501")), "EXPOSE 8501");
        Instruction health = ins.stream().filter(i -> i.is("HEALTHCHECK")).findFirst().orElseThrow();
        assertTrue(health.arguments().contains("http://127.0.0.1:8501" + Settings.DEFAULT_HEALTH_PATH), health.arguments());
        Instruction entrypoint = ins.stream().filter(i -> i.is("ENTRYPOINT")).findFirst().orElseThrow();
        assertTrue(entrypoint.arguments().startsWith("[") && entrypoint.arguments().contains("/opt/sip-lims/entrypoint.sh"),
                "exec-form entrypoint: " + entrypoint.arguments());
        int userAt = ins.indexOf(user);
        assertTrue(userAt > index(ins, i -> i.is("COPY") && i.arguments().startsWith("app/ ")), "USER after the last layer");
    }

    /**
     * The build context as the publisher sends it (docker-java reads .dockerignore the same way):
     * it holds what the Dockerfile copies and nothing of the Java build, Git or docs.
     */
    @Test
    void buildContextIsSmallAndHoldsWhatTheDockerfileCopies() throws Exception {
        Path root = root();
        List<String> files = new ArrayList<>();
        try (InputStream tar = new Dockerfile(root.resolve("Dockerfile").toFile(), root.toFile()).parse().buildDockerFolderTar();
             TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    files.add(e.getName());
                }
            }
        }
        assertTrue(files.containsAll(List.of("Dockerfile", "conda-lock.txt", "requirements-lock.txt", "image/entrypoint.sh", "app/app.py")),
                "context: " + files);
        for (String f : files) {
            assertFalse(f.startsWith(".git/") || f.contains("target/") || f.startsWith("publisher/") || f.startsWith("launcher/")
                    || f.startsWith("core/") || f.startsWith("docs/"), "kept out of the context: " + f);
        }
    }

    private static void assertLabel(String labels, String label, String arg) {
        assertTrue(labels.contains(label + "=\"${" + arg + "}\""), label + " from ${" + arg + "} in: " + labels);
    }

    private static int index(List<Instruction> ins, Predicate<Instruction> p) {
        for (int i = 0; i < ins.size(); i++) {
            if (p.test(ins.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such instruction in the Dockerfile");
    }

    private static String describe(List<Problem> problems) {
        return problems.stream().map(Problem::describe).collect(Collectors.joining("\n"));
    }
}
