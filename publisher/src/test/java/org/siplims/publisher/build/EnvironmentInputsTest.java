package org.siplims.publisher.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What makes the dev loop rebuild: the Dockerfile and what it copies before the app, never the app. */
class EnvironmentInputsTest {
    @TempDir
    Path context;

    @Test
    void theRealDockerfilesInputsAreTheLocksAndTheEntrypointButNotTheApp() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "Dockerfile"));
        String pair = "locks/${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}/";
        assertEquals(List.of("conda-lock.tx[t]", pair + "conda-lock.tx[t]", "requirements-lock.tx[t]", pair + "requirements-lock.tx[t]",
                "image/entrypoint.sh", "app/"), EnvironmentInputs.sources(dockerfile));
    }

    @Test
    void everyPlatformsLockPairIsAnInputOfTheRealDockerfile() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), Files.readString(Path.of("..", "Dockerfile")));
        Files.createDirectories(context.resolve("locks/linux-arm64"));
        Files.createDirectories(context.resolve("locks/linux-amd64"));
        Files.writeString(context.resolve("locks/linux-arm64/conda-lock.txt"), "a\n");
        Files.writeString(context.resolve("locks/linux-amd64/requirements-lock.txt"), "b==1\n");
        assertEquals(List.of(context.resolve("locks/linux-amd64/requirements-lock.txt"), context.resolve("locks/linux-arm64/conda-lock.txt")),
                EnvironmentInputs.files(context, Files.readString(context.resolve("Dockerfile"))));
        String before = EnvironmentInputs.hash(context, context.resolve("Dockerfile"));
        Files.writeString(context.resolve("locks/linux-amd64/requirements-lock.txt"), "b==2\n");
        assertNotEquals(before, EnvironmentInputs.hash(context, context.resolve("Dockerfile")));
    }

    @Test
    void onlyTheEnvironmentChangesTheHash() throws Exception {
        Files.writeString(context.resolve("Dockerfile"), "FROM x@sha256:1\nCOPY --chown=1:1 requirements-lock.txt /r\n"
                + "COPY [\"image/entrypoint.sh\", \"/e\"]\nCOPY --from=builder /a /b\nCOPY app/ /opt/app/\n");
        Files.writeString(context.resolve("requirements-lock.txt"), "a==1\n");
        Files.createDirectories(context.resolve("image"));
        Files.writeString(context.resolve("image/entrypoint.sh"), "#!/bin/sh\n");
        Files.createDirectories(context.resolve("app"));
        Files.writeString(context.resolve("app/app.py"), "print(1)\n");
        Path dockerfile = context.resolve("Dockerfile");
        String before = EnvironmentInputs.hash(context, dockerfile);

        Files.writeString(context.resolve("app/app.py"), "print(2)\n");
        Files.writeString(context.resolve("app/new.py"), "\n");
        Files.writeString(context.resolve("README.md"), "not copied\n");
        assertEquals(before, EnvironmentInputs.hash(context, dockerfile), "the app and files not copied change nothing");

        Files.writeString(context.resolve("requirements-lock.txt"), "a==2\n");
        String lockChanged = EnvironmentInputs.hash(context, dockerfile);
        assertNotEquals(before, lockChanged, "a lock file");
        Files.writeString(context.resolve("image/entrypoint.sh"), "#!/bin/bash\n");
        String entrypointChanged = EnvironmentInputs.hash(context, dockerfile);
        assertNotEquals(lockChanged, entrypointChanged, "the entrypoint");
        Files.writeString(dockerfile, Files.readString(dockerfile).replace("sha256:1", "sha256:2"));
        assertNotEquals(entrypointChanged, EnvironmentInputs.hash(context, dockerfile), "the Dockerfile (a new base digest)");
    }
}
