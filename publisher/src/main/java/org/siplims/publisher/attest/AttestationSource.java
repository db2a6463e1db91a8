package org.siplims.publisher.attest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.siplims.core.UserFacingException;
import org.siplims.core.docker.ImageId;
import org.siplims.core.image.Digest;
import org.siplims.core.image.ImageReference;
import org.siplims.publisher.records.TestRecord;

/**
 * Where a release's SBOM and provenance come from: the lock files and Dockerfile it was built
 * from, the repository's address (Git's origin, else the folder), and the OS packages of the
 * tested image as its package database lists them (read through the engine, by image ID).
 */
public record AttestationSource(Path condaLock, Path requirementsLock, Path dockerfile, String repositoryUri,
                                Function<ImageId, OsPackages> osPackages) {

    /** The same, from another lock pair: one platform's of a two-platform release. */
    public AttestationSource withLocks(Path otherCondaLock, Path otherRequirementsLock) {
        return new AttestationSource(otherCondaLock, otherRequirementsLock, dockerfile, repositoryUri, osPackages);
    }

    /** The CycloneDX SBOM of the release: the image tested ({@code tested}) is the one whose OS packages are listed. */
    public ObjectNode sbom(ImageReference repository, Digest digest, TestRecord tested, Instant now) {
        List<Sbom.Component> packages = new ArrayList<>(Sbom.condaPackages(read(condaLock)));
        packages.addAll(Sbom.pipPackages(read(requirementsLock)));
        return Sbom.document(repository, digest, tested.version(), now, packages, Provenance.baseImage(read(dockerfile)),
                osPackages.apply(tested.imageId()));
    }

    /** The SLSA provenance predicate of the release. */
    public ObjectNode provenance(TestRecord tested, Instant now) {
        return Provenance.predicate(repositoryUri, tested, Provenance.baseImage(read(dockerfile)), now);
    }

    public Optional<ImageReference> baseImage() {
        return Provenance.baseImage(read(dockerfile));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UserFacingException("The file " + file + " could not be read for the release's SBOM and provenance ("
                    + e.getClass().getSimpleName() + ").", "Check that it exists and that you may read it.", e);
        }
    }
}
