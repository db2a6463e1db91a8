package org.siplims.publisher.attest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;

/** The SBOM made from the lock files, and the base image read from a Dockerfile. */
class SbomTest {
    private static final String CONDA = "# platform: linux-64\n@EXPLICIT\n"
            + "https://conda.anaconda.org/conda-forge/linux-64/python-3.9.23-h0819846_0_cpython.conda\n"
            + "https://conda.anaconda.org/conda-forge/noarch/pip-25.2-pyh8b19718_0.conda#0123456789abcdef0123456789abcdef\n"
            + "https://repo.anaconda.com/pkgs/main/linux-64/libffi-3.4.4-h6a678d5_1.tar.bz2#sha256:" + "ab".repeat(32) + "\n";
    private static final String PIP = "# pinned\naltair==5.5.0\nstreamlit==1.40.1\n\nwatchdog==4.0.2 ; platform_system != \"Darwin\"\n";

    @Test
    void condaLinesGiveNameVersionBuildChannelAndChecksum() {
        List<Sbom.Component> conda = Sbom.condaPackages(CONDA);
        assertEquals(3, conda.size());
        Sbom.Component python = conda.get(0);
        assertEquals(List.of("python", "3.9.23", "h0819846_0_cpython", "https://conda.anaconda.org/conda-forge"),
                List.of(python.name(), python.version(), python.build().orElseThrow(), python.channel().orElseThrow()));
        assertEquals(Optional.empty(), python.checksum());
        assertEquals("md5:0123456789abcdef0123456789abcdef", conda.get(1).checksum().orElseThrow());
        assertEquals(List.of("libffi", "3.4.4", "h6a678d5_1", "https://repo.anaconda.com/pkgs/main"),
                List.of(conda.get(2).name(), conda.get(2).version(), conda.get(2).build().orElseThrow(), conda.get(2).channel().orElseThrow()));
        assertEquals("sha256:" + "ab".repeat(32), conda.get(2).checksum().orElseThrow());
    }

    @Test
    void theDocumentListsEveryPackageAndTheBaseImage() {
        List<Sbom.Component> packages = new java.util.ArrayList<>(Sbom.condaPackages(CONDA));
        packages.addAll(Sbom.pipPackages(PIP));
        Optional<ImageReference> base = Provenance.baseImage("# syntax\nFROM --platform=$BUILDPLATFORM continuumio/miniconda3@sha256:"
                + "4a".repeat(32) + " AS base\nRUN true\n");
        assertEquals("sha256:" + "4a".repeat(32), base.orElseThrow().digest().orElseThrow().toString());
        JsonNode bom = Sbom.document(ImageReference.parse("ghcr.io/lab/app"), Digest.of("x"), "1.0.0", Instant.EPOCH, packages, base,
                OsPackages.none("no database"));
        assertEquals("CycloneDX", bom.path("bomFormat").asText());
        assertEquals("1.5", bom.path("specVersion").asText());
        assertEquals(7, bom.path("components").size(), bom.toString());
        assertTrue(bom.toString().contains("pkg:pypi/streamlit@1.40.1"), bom.toString());
        assertTrue(bom.toString().contains("pkg:conda/python@3.9.23?build=h0819846_0_cpython&channel="), bom.toString());
        List<Sbom.Component> back = Sbom.components(bom);
        assertEquals(6, back.size(), "the libraries, not the base image");
        assertTrue(back.stream().anyMatch(c -> c.ecosystem().equals("pypi") && c.name().equals("watchdog") && c.version().equals("4.0.2")));
    }
}
