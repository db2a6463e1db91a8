package org.siplims.launcher.engine;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.siplims.core.container.AppContainerSpec;
import org.siplims.core.container.Confinement;
import org.siplims.core.image.Digest;
import org.siplims.launcher.paths.HostFolder;

/**
 * The launcher's app container: a release image, the checked folders, the user and the
 * confinement, made into core's shared {@link AppContainerSpec} by {@link #app()} (the publisher's
 * dev loop makes its container from that same record). Two containers made from equal specs are
 * interchangeable, which is what {@link #fingerprint()} records in a label: a running container
 * with the same fingerprint is adopted instead of recreated.
 *
 * @param project the project folder as the folder rules resolved it just before this start
 * @param user    {@code uid:gid} to run as (see {@link org.siplims.core.container.ContainerUser}); never root
 */
public record ContainerSpec(String name, RunnableImage image, HostFolder project, Optional<HostFolder> scripts,
                            Optional<String> workflow, int appPort, String user, Confinement confinement) {

    public static final int APP_CONTAINER_PORT = AppContainerSpec.APP_PORT;
    public static final String DATA_DIR = AppContainerSpec.DATA_DIR;
    public static final String SCRIPTS_DIR = AppContainerSpec.SCRIPTS_DIR;
    /** Marks containers the launcher created; containers without it are never touched. */
    public static final String MANAGED_LABEL = "org.siplims.launcher.managed";
    public static final String FINGERPRINT_LABEL = "org.siplims.launcher.spec";
    public static final String IMAGE_LABEL = "org.siplims.launcher.image";

    /** The container as core describes it for every app container: mounts, environment, port, user, confinement. */
    public AppContainerSpec app() {
        return AppContainerSpec.forProject(image.runReference(),
                image.emulated() ? Optional.of(image.platform().toString()) : Optional.empty(),
                project.path(), project.name(), scripts.map(HostFolder::path), workflow, appPort, user, confinement);
    }

    public List<String> environment() {
        return app().env();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_LABEL, "true");
        labels.put(FINGERPRINT_LABEL, fingerprint());
        labels.put(IMAGE_LABEL, image.runReference());
        return labels;
    }

    /** A digest of everything that makes the container what it is: the image ID and the whole shared spec. */
    public String fingerprint() {
        String canonical = "image-id=" + image.imageId() + "\nplatform=" + image.platform() + "\n" + app().canonical();
        return Digest.of(canonical.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
