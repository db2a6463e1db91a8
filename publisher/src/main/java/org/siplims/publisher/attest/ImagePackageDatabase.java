package org.siplims.publisher.attest;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.siplims.core.docker.ImageId;
import org.siplims.publisher.engine.ContainerJanitor;

/**
 * Reads an image's OS package database through the engine's API, without running anything in it:
 * a container is created from the image (never started, no network) and the files are copied out
 * of it, as {@code docker cp} does, then the container is removed. So it works for any image the
 * engine holds, also one of another platform or one with no shell.
 *
 * <p>Looked for, in this order: dpkg's {@code /var/lib/dpkg/status} (Debian, Ubuntu), the folder
 * {@code /var/lib/dpkg/status.d} (distroless images: a status paragraph per package), apk's
 * {@code /lib/apk/db/installed} (Alpine); {@code /etc/os-release} names the distribution.
 */
public final class ImagePackageDatabase {
    /** A database larger than this is not a package list: it is not read (a real one is a few MB). */
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final String LABEL = "org.siplims.publisher.test";

    private final DockerClient docker;

    public ImagePackageDatabase(DockerClient docker) {
        this.docker = docker;
    }

    /** The image's OS packages; an image without a database, or one that cannot be read, gives {@link OsPackages#none}. */
    public OsPackages read(ImageId image) {
        try (ContainerJanitor janitor = new ContainerJanitor(docker)) {
            String name = "sip-lims-publisher-sbom-" + UUID.randomUUID().toString().substring(0, 8);
            // Created only, never started: the entrypoint is never run, so a placeholder will do
            // (an image without a command could not be created otherwise).
            String id = docker.createContainerCmd(image.toString()).withName(name)
                    .withEntrypoint(List.of("/sip-lims-publisher-reads-files-only")).withCmd(List.<String>of())
                    .withNetworkDisabled(true).withLabels(Map.of(LABEL, "sbom")).exec().getId();
            janitor.container(id);
            Optional<String> osRelease = file(id, "/etc/os-release").or(() -> file(id, "/usr/lib/os-release"));
            Optional<String> dpkg = file(id, OsPackages.DPKG_STATUS);
            if (dpkg.isPresent()) {
                return OsPackages.fromDpkgStatus(dpkg.get(), osRelease);
            }
            Optional<String> distroless = folder(id, OsPackages.DPKG_STATUS_FOLDER);
            if (distroless.isPresent()) {
                return OsPackages.fromDpkgStatus(distroless.get(), osRelease, OsPackages.DPKG_STATUS_FOLDER);
            }
            Optional<String> apk = file(id, OsPackages.APK_INSTALLED);
            if (apk.isPresent()) {
                return OsPackages.fromApkInstalled(apk.get(), osRelease);
            }
            return OsPackages.none("the image has no OS package database (" + OsPackages.DPKG_STATUS + " or "
                    + OsPackages.APK_INSTALLED + "), so no OS packages are listed; the base image's digest names them");
        } catch (RuntimeException e) {
            return OsPackages.none("the image's OS package database could not be read through the engine ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")) + ")");
        }
    }

    /**
     * A regular file of the container, or empty when it does not exist. A symbolic link (as
     * {@code /etc/os-release} usually is) is followed once, within the image.
     */
    private Optional<String> file(String container, String path) {
        return file(container, path, 1);
    }

    /**
     * The regular files of a folder of the container, joined with blank lines between them (so
     * dpkg paragraphs stay apart), leaving out dpkg's {@code .md5sums} lists; empty when there is
     * no such folder or nothing in it.
     */
    private Optional<String> folder(String container, String path) {
        try (InputStream raw = docker.copyArchiveFromContainerCmd(container, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            StringBuilder joined = new StringBuilder();
            long total = 0;
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                total += entry.getSize();
                if (!entry.isFile() || entry.getName().endsWith(".md5sums") || total > MAX_BYTES) {
                    continue;
                }
                joined.append(new String(tar.readNBytes((int) entry.getSize()), StandardCharsets.UTF_8)).append("\n\n");
            }
            return joined.toString().isBlank() ? Optional.empty() : Optional.of(joined.toString());
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Optional<String> file(String container, String path, int linksLeft) {
        try (InputStream raw = docker.copyArchiveFromContainerCmd(container, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(raw)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null) {
                return Optional.empty();
            }
            if (entry.isSymbolicLink() && linksLeft > 0) {
                String target = entry.getLinkName();
                String resolved = target.startsWith("/") ? target
                        : java.nio.file.Path.of(path).resolveSibling(target).normalize().toString();
                return file(container, resolved, linksLeft - 1);
            }
            if (!entry.isFile() || entry.getSize() > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new String(tar.readNBytes((int) entry.getSize()), StandardCharsets.UTF_8));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
