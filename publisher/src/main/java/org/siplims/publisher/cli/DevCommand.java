package org.siplims.publisher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.siplims.core.UserFacingException;
import org.siplims.core.container.AppContainerSpec;
import org.siplims.core.container.Confinement;
import org.siplims.core.container.ContainerUser;
import org.siplims.core.container.MemoryLimit;
import org.siplims.publisher.dev.DevLoop;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.steps.Publisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dev", description = {"Run the working tree's app live, in the container users get: app/ is mounted over the image's app "
        + "and Streamlit reruns on save. Rebuilds the image only when the environment (Dockerfile, lock files, entrypoint) changed.",
        "Ctrl+C stops and removes the container."})
final class DevCommand extends BaseCommand {
    @Mixin
    ImageOptions image;
    @Mixin
    BuildOptions build;

    @Option(names = "--project", paramLabel = "DIR", required = true, description = "A sample project folder, mounted at /data.")
    Path project;
    @Option(names = "--scripts", paramLabel = "DIR", description = "A workflow scripts folder, mounted at /workflow-scripts.")
    Path scripts;
    @Option(names = "--workflow", paramLabel = "NAME", description = "The workflow type, passed to the app as WORKFLOW_TYPE.")
    String workflow;
    @Option(names = "--app-port", paramLabel = "PORT", description = "The port on this computer (default: 8501, as the launcher).")
    int appPort = AppContainerSpec.APP_PORT;
    @Option(names = "--name", paramLabel = "NAME", description = "The dev container's name (default: sip-lims-dev).")
    String name = "sip-lims-dev";
    @Option(names = "--memory-limit", paramLabel = "LIMIT", description = "As the launcher's: a share of Docker's memory (default: 75%%) or an amount.")
    String memoryLimit;

    record DevJson(boolean ok, String container, String image, boolean rebuilt, String source, String url) {
    }

    @Override
    Record run(Publisher publisher, Console console) {
        Path context = publisher.settings().context();
        Path source = DevLoop.appSource(context);
        Path projectDir = folder(project, "--project");
        Optional<Path> scriptsDir = Optional.ofNullable(scripts).map(s -> folder(s, "--scripts"));
        if (appPort < 1 || appPort > 65535) {
            throw new PublisherFailure(ExitCode.USAGE, appPort + " is not a port for --app-port.", "Give a number from 1 to 65535.");
        }
        MemoryLimit memory;
        try {
            memory = memoryLimit == null ? MemoryLimit.DEFAULT : MemoryLimit.parse(memoryLimit);
        } catch (UserFacingException e) {
            throw new PublisherFailure(ExitCode.USAGE, e.getMessage(), e.hint());
        }
        DevLoop loop = new DevLoop(publisher.settings(), publisher.engine(), console::progress);
        DevLoop.Chosen chosen = loop.image();
        AppContainerSpec spec = usersContainer(chosen.image().id().toString(), projectDir, scriptsDir, Optional.ofNullable(workflow),
                appPort, memory).withLiveSource(source.toString());
        try {
            DevLoop.Session s = loop.run(name, spec, chosen, source);
            return new DevJson(true, s.container(), s.image(), s.rebuilt(), s.source().toString(), s.url());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublisherFailure(ExitCode.USAGE, "The dev loop was interrupted; its container is removed.", "");
        }
    }

    /**
     * The container a lab user's launcher makes for these folders: core's shared spec with the
     * launcher's user (the project folder's owner, never root) and confinement.
     */
    static AppContainerSpec usersContainer(String image, Path project, Optional<Path> scripts, Optional<String> workflow, int port,
                                           MemoryLimit memory) {
        return AppContainerSpec.forProject(image, Optional.empty(), project.toString(), project.getFileName().toString(),
                scripts.map(Path::toString), workflow, port, ContainerUser.forProjectFolder(project), Confinement.withMemory(memory));
    }

    private static Path folder(Path given, String option) {
        try {
            Path real = given.toAbsolutePath().toRealPath();
            if (Files.isDirectory(real)) {
                return real;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new PublisherFailure(ExitCode.USAGE, "The folder " + given + " given with " + option + " is not a folder that exists.",
                "Give a sample project folder that exists, for example a copy of a real project.");
    }
}
