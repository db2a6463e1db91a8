package org.siplims.publisher.cli;

import java.nio.file.Path;
import org.siplims.publisher.preflight.LockLayout;

import org.siplims.core.docker.LocalImage;
import org.siplims.publisher.config.Settings;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.lock.ImageToLock;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.lock.LockGenerator;
import org.siplims.publisher.report.Console;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lock", description = "Regenerate conda-lock.txt (conda list --explicit) and requirements-lock.txt (pip freeze) "
        + "from inside an image's environment; checked, then written atomically.")
final class LockCommand extends BaseCommand {
    @Option(names = "--from-image", required = true, paramLabel = "IMAGE", description = "The image whose environment to lock (local tag, ID or reference).")
    String fromImage;

    @picocli.CommandLine.Mixin
    PlatformOption platform;

    @Override
    Json run(Publisher publisher, Console console) {
        Settings s = publisher.settings();
        if (fromImage == null || fromImage.isBlank()) { // the engine would answer an empty name with its list of images
            throw new PublisherFailure(ExitCode.USAGE, "--from-image needs an image.", "Name a local image (`docker images`), an image ID or a reference.");
        }
        console.progress("lock: from " + fromImage);
        LocalImage image = Publisher.step(ExitCode.USAGE, "finding the image", () -> ImageToLock.find(publisher.engine().answeringClient(), fromImage,
                s.platform()));
        // A project with a lock pair per platform (locks/<os>-<arch>/) gets the pair of the image's platform;
        // a single-platform project its root pair.
        boolean perPlatform = !LockLayout.platformsWithLocks(s.context()).isEmpty();
        Path folder = LockLayout.folder(s.context(), image.platform());
        Path conda = perPlatform ? folder.resolve(s.condaLock().getFileName()) : s.condaLock();
        Path requirements = perPlatform ? folder.resolve(s.requirementsLock().getFileName()) : s.requirementsLock();
        if (perPlatform) {
            console.progress("  the image is for " + image.platform() + (image.platform().matches(nativePlatform(publisher)) ? "" : " (run under emulation)")
                    + ": writing " + s.context().relativize(folder) + "/");
            Publisher.step(ExitCode.USAGE, "making the lock folder", () -> {
                try {
                    return java.nio.file.Files.createDirectories(folder);
                } catch (java.io.IOException e) {
                    throw new PublisherFailure(ExitCode.USAGE, "Cannot make " + folder + ": " + e.getMessage(), "Check that the folder is writable.");
                }
            });
        }
        LockGenerator.Written written = Publisher.step(ExitCode.USAGE, "locking", () -> new LockGenerator(publisher.engine().answeringClient(), console::progress)
                .generate(image.id(), image.platform(), s.lockCommands().condaOrDefault(), s.lockCommands().pipOrDefault(),
                        conda, requirements));
        console.report("Wrote " + written.condaLock() + " (" + written.condaPackages() + " packages, platform " + written.condaPlatform()
                + ") and " + written.requirementsLock() + ". Review the diff and commit them.");
        return new Json(true, "lock", image.id().toString(), written.condaLock().toString(), written.requirementsLock().toString(),
                written.condaPlatform());
    }

    private static org.siplims.core.image.Platform nativePlatform(Publisher publisher) {
        try {
            return publisher.engine().nativePlatform();
        } catch (org.siplims.core.UserFacingException e) {
            return org.siplims.core.image.Platform.ofThisMachine();
        }
    }

    /** The --json record of {@code lock}: the image locked and the two files written. */
    record Json(boolean ok, String command, String image, String condaLock, String requirementsLock, String platform) {
    }
}
