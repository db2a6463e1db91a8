package org.siplims.core.docker;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the Docker engine listens: {@code DOCKER_HOST} if set, else the platform default
 * (a Unix socket; on macOS Docker Desktop's per-user socket first; a named pipe on Windows).
 */
public final class DockerHost {
    private DockerHost() {
    }

    public static URI resolve() {
        return resolve(System.getenv(), System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
    }

    static URI resolve(Map<String, String> env, String osName, Path home) {
        String fromEnv = env.get("DOCKER_HOST");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return URI.create(fromEnv.trim());
        }
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return URI.create("npipe:////./pipe/docker_engine");
        }
        if (os.startsWith("mac")) {
            Path desktopSocket = home.resolve(".docker/run/docker.sock");
            if (Files.exists(desktopSocket)) {
                return URI.create("unix://" + desktopSocket);
            }
        }
        return URI.create("unix:///var/run/docker.sock");
    }
}
