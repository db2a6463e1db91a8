package org.siplims.publisher.multi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.siplims.core.image.ImageReference;
import org.siplims.core.image.Platform;
import org.siplims.core.testing.FixtureImages;
import org.siplims.core.testing.RegistryFixtures;
import org.siplims.core.testing.SharedFixture;
import org.siplims.core.testing.TestEnvironment;
import org.siplims.publisher.testing.FixtureRepository;

/**
 * What the multi-platform tests build from: a busybox base for linux/amd64 and linux/arm64 behind
 * one index in the plain registry (made once per JVM), and the app fixture's repository with a lock
 * pair per platform under {@code locks/}, whose Dockerfile picks the pair by TARGETOS/TARGETARCH
 * like the real one, and runs a step in the image (under QEMU for arm64) that proves which pair it got.
 */
final class TwoPlatformFixture {
    private static final SharedFixture<ImageReference> BASE = SharedFixture.of(TwoPlatformFixture::pushBase);

    private TwoPlatformFixture() {
    }

    /** The two-platform busybox base, pinned by the index's digest. */
    static ImageReference base() {
        return BASE.get();
    }

    private static ImageReference pushBase() {
        TestEnvironment env = TestEnvironment.get();
        return new RegistryFixtures(env, new FixtureImages(env))
                .pushTwoPlatformBase(ImageReference.parse(env.plainRegistry() + "/" + TestEnvironment.uniqueRepository("busybox-two-platforms")));
    }

    /** The app fixture's Dockerfile on the two-platform base: the lock pair by platform, as in the real Dockerfile. */
    static String dockerfile(ImageReference base) {
        String pair = "locks/${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}";
        return "FROM " + base + "\n"
                + "ARG TARGETOS\nARG TARGETARCH\nARG TARGETVARIANT\n"
                + "COPY conda-lock.tx[t] " + pair + "/conda-lock.tx[t] /opt/sip-lims/\n"
                + "COPY requirements-lock.tx[t] " + pair + "/requirements-lock.tx[t] /opt/sip-lims/\n"
                // Runs in the image: under QEMU for arm64. The platform header of the pair it got, for the tests to read.
                + "RUN sed -n 's/^# platform: //p' /opt/sip-lims/conda-lock.txt > /etc/locked-platform && test -s /etc/locked-platform\n"
                + "ARG APP_VERSION=dev\nARG COMMIT_SHA=unknown\nARG BUILD_DATE=unknown\n"
                + "ENV APP_VERSION=$APP_VERSION COMMIT_SHA=$COMMIT_SHA BUILD_DATE=$BUILD_DATE FIXTURE_MODE=HEALTHY\n"
                + "COPY entrypoint.sh /entrypoint.sh\n"
                + "COPY fixture-build-id /etc/fixture-build-id\n"
                + "EXPOSE 8501\n"
                + "ENTRYPOINT [\"/bin/sh\", \"/entrypoint.sh\"]\n";
    }

    /**
     * A committed repository for a two-platform release: a lock pair per platform (no root pair)
     * and this publisher.json.
     */
    static FixtureRepository repository(String publisherJson) {
        try {
            TestEnvironment env = TestEnvironment.get();
            FixtureRepository repo = FixtureRepository.create(new FixtureImages(env), FixtureImages.Mode.HEALTHY, Platform.LINUX_AMD64);
            Files.delete(repo.dir().resolve("conda-lock.txt"));
            Files.delete(repo.dir().resolve("requirements-lock.txt"));
            for (String[] pair : new String[][] {{"linux-amd64", "linux-64"}, {"linux-arm64", "linux-aarch64"}}) {
                Files.createDirectories(repo.dir().resolve("locks").resolve(pair[0]));
                repo.write("locks/" + pair[0] + "/conda-lock.txt", FixtureRepository.condaLock(pair[1]));
                repo.write("locks/" + pair[0] + "/requirements-lock.txt", "streamlit==1.50.0\nnumpy==2.0.2\n");
            }
            repo.write("Dockerfile", dockerfile(base()));
            repo.write("publisher.json", publisherJson);
            repo.commit("Two platforms");
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
