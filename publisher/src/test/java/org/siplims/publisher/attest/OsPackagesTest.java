package org.siplims.publisher.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.core.release.PackageChanges;

/** The OS packages read from dpkg's and apk's databases, and how the SBOM lists them (or says there are none). */
class OsPackagesTest {

    static String resource(String name) {
        try (InputStream in = OsPackagesTest.class.getResourceAsStream("/os-packages/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void dpkgStatusGivesTheInstalledPackagesWithDebianPackageUrls() {
        OsPackages os = OsPackages.fromDpkgStatus(resource("dpkg-status"), Optional.of(resource("os-release")));
        assertEquals(Optional.of("/var/lib/dpkg/status"), os.database());
        assertEquals(List.of("base-files", "libc6", "zlib1g", "tzdata"), os.packages().stream().map(OsPackages.Package::name).toList(),
                "ca-certificates is removed (config-files only): not installed");
        OsPackages.Package libc = os.packages().get(1);
        assertEquals("2.36-9+deb12u10", libc.version());
        assertEquals("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64", libc.purl());
        assertEquals("pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64", os.packages().get(2).purl(), "the epoch, encoded");
        assertEquals("pkg:deb/debian/tzdata@2025b-0%2Bdeb12u1?arch=all", os.packages().get(3).purl());

        OsPackages ubuntu = OsPackages.fromDpkgStatus(resource("dpkg-status"), Optional.of("NAME=\"Ubuntu\"\nID=ubuntu\nID_LIKE=debian\n"));
        assertTrue(ubuntu.packages().get(0).purl().startsWith("pkg:deb/ubuntu/base-files@"), ubuntu.packages().get(0).purl());
    }

    @Test
    void apkDatabaseGivesAlpinePackageUrls() {
        OsPackages os = OsPackages.fromApkInstalled(resource("apk-installed"), Optional.of("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.3\n"));
        assertEquals(Optional.of("/lib/apk/db/installed"), os.database());
        assertEquals(List.of("pkg:apk/alpine/musl@1.2.5-r10?arch=x86_64", "pkg:apk/alpine/busybox@1.37.0-r12?arch=x86_64"),
                os.packages().stream().map(OsPackages.Package::purl).toList());
    }

    @Test
    void theSbomListsOsPackagesAndSaysWhereFromOrWhyNone() {
        OsPackages os = OsPackages.fromDpkgStatus(resource("dpkg-status"), Optional.of(resource("os-release")));
        JsonNode bom = Sbom.document(ImageReference.parse("ghcr.io/lab/app"), Digest.of("x"), "1.0.0", Instant.EPOCH,
                Sbom.pipPackages("streamlit==1.40.1\n"), Optional.empty(), os);
        assertEquals(5, bom.path("components").size(), bom.toString());
        assertEquals("/var/lib/dpkg/status", property(bom.path("metadata"), Sbom.OS_PACKAGES_DATABASE));
        JsonNode libc = bom.path("components").get(2);
        assertEquals("libc6", libc.path("name").asText());
        assertEquals("library", libc.path("type").asText());
        assertEquals("pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64", libc.path("purl").asText());
        assertEquals("amd64", property(libc, "siplims:arch"));
        // Read back for "what changes": each package of its own ecosystem.
        assertTrue(PackageChanges.packagesOf(bom).contains(new PackageChanges.Package("deb", "libc6", "2.36-9+deb12u10")));
        assertTrue(PackageChanges.packagesOf(bom).contains(new PackageChanges.Package("pypi", "streamlit", "1.40.1")));
        assertTrue(Sbom.components(bom).stream().anyMatch(c -> c.ecosystem().equals("deb") && c.name().equals("zlib1g")));

        JsonNode none = Sbom.document(ImageReference.parse("ghcr.io/lab/app"), Digest.of("x"), "1.0.0", Instant.EPOCH,
                Sbom.pipPackages("streamlit==1.40.1\n"), Optional.empty(), OsPackages.none("the image has no OS package database"));
        assertEquals(1, none.path("components").size());
        assertEquals("none", property(none.path("metadata"), Sbom.OS_PACKAGES_DATABASE));
        assertTrue(property(none.path("metadata"), Sbom.OS_PACKAGES_NOTE).contains("no OS package database"));
    }

    private static String property(JsonNode node, String name) {
        for (JsonNode p : node.path("properties")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("value").asText();
            }
        }
        return null;
    }
}
