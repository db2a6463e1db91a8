package org.siplims.publisher.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.siplims.core.docker.ImageId;
import org.siplims.core.testing.TestEnvironment;

/**
 * The OS package database read from real images, on every engine, without running them: images
 * made of files only (imported, so no command and no shell) with dpkg's status file (and
 * {@code /etc/os-release} a symbolic link, as on Debian), with apk's database, and with neither.
 * Nothing is left behind.
 */
class ImagePackageDatabaseIT {

    @ParameterizedTest
    @MethodSource("org.siplims.core.testing.TestEnvironment#everyEngine")
    void readsDpkgAndApkDatabasesAndSaysWhenThereIsNone(TestEnvironment.Engine engine) throws Exception {
        TestEnvironment env = TestEnvironment.get();
        try (DockerClient docker = env.client(engine)) {
            String repo = env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("ospkg");
            ImagePackageDatabase database = new ImagePackageDatabase(docker);

            ImageId debian = importImage(docker, engine.host(), repo + "-deb", Map.of(
                    "var/lib/dpkg/status", OsPackagesTest.resource("dpkg-status"),
                    "usr/lib/os-release", OsPackagesTest.resource("os-release")), Optional.of("etc/os-release"));
            ImageId alpine = importImage(docker, engine.host(), repo + "-apk", Map.of(
                    "lib/apk/db/installed", OsPackagesTest.resource("apk-installed"),
                    "etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.3\n"), Optional.empty());
            // A distroless image: one status paragraph per package in /var/lib/dpkg/status.d, beside md5sums lists.
            ImageId distroless = importImage(docker, engine.host(), repo + "-distroless", Map.of(
                    "var/lib/dpkg/status.d/libc6", paragraph("libc6", "2.36-9+deb12u10", "amd64"),
                    "var/lib/dpkg/status.d/libc6.md5sums", "d41d8cd98f00b204e9800998ecf8427e  lib/x86_64-linux-gnu/libc.so.6\n",
                    "var/lib/dpkg/status.d/tzdata", paragraph("tzdata", "2025b-0+deb12u1", "all"),
                    "etc/os-release", OsPackagesTest.resource("os-release")), Optional.empty());
            ImageId bare = importImage(docker, engine.host(), repo + "-none", Map.of("bin/placeholder", "no package manager here\n"), Optional.empty());
            try {
                OsPackages deb = database.read(debian);
                assertEquals(Optional.of(OsPackages.DPKG_STATUS), deb.database(), deb.note());
                assertEquals(List.of("pkg:deb/debian/base-files@12.4%2Bdeb12u11?arch=amd64",
                                "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64",
                                "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64",
                                "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all"),
                        deb.packages().stream().map(OsPackages.Package::purl).toList());

                OsPackages apk = database.read(alpine);
                assertEquals(Optional.of(OsPackages.APK_INSTALLED), apk.database(), apk.note());
                assertEquals(List.of("musl", "busybox"), apk.packages().stream().map(OsPackages.Package::name).toList());
                assertEquals("alpine", apk.packages().get(0).distro());

                OsPackages folder = database.read(distroless);
                assertEquals(Optional.of(OsPackages.DPKG_STATUS_FOLDER), folder.database(), folder.note());
                assertEquals(java.util.Set.of("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64", "pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all"),
                        folder.packages().stream().map(OsPackages.Package::purl).collect(java.util.stream.Collectors.toSet()));

                OsPackages none = database.read(bare);
                assertEquals(Optional.empty(), none.database());
                assertEquals(List.of(), none.packages());
                assertTrue(none.note().contains("no OS package database"), none.note());
            } finally {
                for (ImageId id : List.of(debian, alpine, distroless, bare)) {
                    docker.removeImageCmd(id.toString()).withForce(true).exec();
                }
            }
            assertEquals(List.of(), docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("org.siplims.publisher.test", "sbom")).exec().stream().map(c -> c.getId()).toList(),
                    "the containers made to read the files are removed");
        }
    }

    @org.junit.jupiter.api.Test
    void theBusyboxFixtureHasNoDatabaseAndItsSbomSaysSoWithoutFailing() {
        TestEnvironment env = TestEnvironment.get();
        org.siplims.core.testing.FixtureImages fixtures = new org.siplims.core.testing.FixtureImages(env);
        String base = fixtures.busyboxBase().toString();
        ImageId id = ImageId.parse(fixtures.imageId(org.siplims.core.image.ImageReference.parse(base)));
        OsPackages os = new ImagePackageDatabase(env.docker()).read(id);
        assertEquals(Optional.empty(), os.database(), os.note());
        com.fasterxml.jackson.databind.JsonNode bom = Sbom.document(org.siplims.core.image.ImageReference.parse("ghcr.io/lab/app"),
                org.siplims.core.image.Digest.of("x"), "1.0.0", java.time.Instant.EPOCH, Sbom.pipPackages("streamlit==1.40.1\n"),
                Optional.empty(), os);
        assertTrue(bom.path("metadata").path("properties").toString()
                .contains("{\"name\":\"" + Sbom.OS_PACKAGES_DATABASE + "\",\"value\":\"none\"}"), bom.toString());
        assertEquals(1, bom.path("components").size(), "the pip package only");
    }

    /** A dpkg status paragraph of an installed package, as distroless images keep them. */
    private static String paragraph(String name, String version, String arch) {
        return "Package: " + name + "\nStatus: install ok installed\nArchitecture: " + arch + "\nVersion: " + version + "\n";
    }

    /** {@code docker import} of a tar of these files (and, optionally, {@code link} → ../usr/lib/os-release); its image ID. */
    private static ImageId importImage(DockerClient docker, java.net.URI host, String repository, Map<String, String> files, Optional<String> link)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                entry.setSize(content.length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            if (link.isPresent()) {
                TarArchiveEntry entry = new TarArchiveEntry(link.get(), TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName("../usr/lib/os-release");
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
        }
        // The CLI's import (docker-java's import call sends a body these engines read as truncated).
        org.siplims.core.testing.DockerCli cli = new org.siplims.core.testing.DockerCli(
                java.nio.file.Files.createTempDirectory("siplims-docker-config"), host);
        org.siplims.core.testing.DockerCli.Result imported = cli.exec(new ByteArrayInputStream(bytes.toByteArray()), "import", "-", repository + ":1");
        assertEquals(0, imported.exitCode(), imported.stderr());
        return ImageId.parse(docker.inspectImageCmd(repository + ":1").exec().getId());
    }
}
