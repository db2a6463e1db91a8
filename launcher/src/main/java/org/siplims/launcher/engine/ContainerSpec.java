package org.siplims.launcher.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.launcher.paths.HostFolder;

/**
 * Everything the app container is made of. Two containers made from equal specs are
 * interchangeable, which is what {@link #fingerprint()} records in a label: a running container
 * with the same fingerprint is adopted instead of recreated.
 *
 * @param user {@code uid:gid} to run as (on Linux, the launcher's user), or empty for the image's default
 */
public record ContainerSpec(String name, RunnableImage image, HostFolder project, Optional<HostFolder> scripts,
                            Optional<String> workflow, int appPort, Optional<String> user) {

    public static final int APP_CONTAINER_PORT = 8501;
    public static final String DATA_DIR = "/data";
    public static final String SCRIPTS_DIR = "/workflow-scripts";
    /** Marks containers the launcher created; containers without it are never touched. */
    public static final String MANAGED_LABEL = "org.siplims.launcher.managed";
    public static final String FINGERPRINT_LABEL = "org.siplims.launcher.spec";
    public static final String IMAGE_LABEL = "org.siplims.launcher.image";

    public List<String> environment() {
        List<String> env = new ArrayList<>();
        env.add("PROJECT_NAME=" + project.name());
        workflow.ifPresent(w -> env.add("WORKFLOW_TYPE=" + w));
        env.add("APP_ENV=production");
        return env;
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_LABEL, "true");
        labels.put(FINGERPRINT_LABEL, fingerprint());
        labels.put(IMAGE_LABEL, image.runReference());
        return labels;
    }

    /** A digest of everything that makes the container what it is: the image ID, mounts, environment, port and user. */
    public String fingerprint() {
        String canonical = String.join("\n",
                "image=" + image.imageId(),
                "platform=" + image.platform(),
                "project=" + project.path(),
                "scripts=" + scripts.map(HostFolder::path).orElse(""),
                "env=" + String.join("\u0000", environment()),
                "port=127.0.0.1:" + appPort,
                "user=" + user.orElse(""));
        return Digest.of(canonical.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
