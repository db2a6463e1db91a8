package org.siplims.core.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The app container as users get it: the one description shared by the launcher (which runs
 * releases for lab users) and the publisher's {@code dev} command (which runs the maintainer's
 * working tree). Both make their container from this record and {@link #createCommand}, so the
 * maintainer's container cannot drift from the users': the same mounts (the project at
 * {@value #DATA_DIR}, the scripts at {@value #SCRIPTS_DIR}), environment, loopback-only port,
 * init process, user and {@link Confinement}. {@link #withLiveSource} is the only difference the
 * dev loop adds.
 *
 * @param image    what to run: {@code repo@sha256:…} for a release, an image ID for a local build
 * @param platform the platform to ask for, when the image is not native to the engine
 * @param mounts   host folders and where they appear
 * @param env      {@code NAME=value} entries, on top of the image's own
 * @param hostPort the loopback port on this computer that reaches the app's {@value #APP_PORT}
 * @param user     {@code uid:gid} (see {@link ContainerUser}); never root
 */
public record AppContainerSpec(String image, Optional<String> platform, List<BindMount> mounts, List<String> env, int hostPort,
                               String user, Confinement confinement) {
    public static final int APP_PORT = 8501;
    public static final String DATA_DIR = "/data";
    public static final String SCRIPTS_DIR = "/workflow-scripts";
    /** Where the image definition puts the app (the Dockerfile's last {@code COPY app/}). */
    public static final String APP_DIR = "/opt/app";
    /** Streamlit's setting, as an environment variable: rerun the page when a source file is saved. */
    public static final String RUN_ON_SAVE = "STREAMLIT_SERVER_RUN_ON_SAVE=true";

    public AppContainerSpec {
        Objects.requireNonNull(image);
        Objects.requireNonNull(platform);
        mounts = List.copyOf(mounts);
        env = List.copyOf(env);
        Objects.requireNonNull(user);
        Objects.requireNonNull(confinement);
        if (user.equals("0") || user.startsWith("0:") || user.equals("root") || user.startsWith("root:")) {
            throw new IllegalArgumentException("the app container never runs as root");
        }
    }

    /**
     * The container of a project: the project folder at /data, the scripts folder (if any) at
     * /workflow-scripts, and the environment the app reads (PROJECT_NAME, WORKFLOW_TYPE, APP_ENV).
     */
    public static AppContainerSpec forProject(String image, Optional<String> platform, String projectFolder, String projectName,
                                              Optional<String> scriptsFolder, Optional<String> workflow, int hostPort, String user,
                                              Confinement confinement) {
        List<BindMount> mounts = new ArrayList<>();
        mounts.add(new BindMount(projectFolder, DATA_DIR));
        scriptsFolder.ifPresent(s -> mounts.add(new BindMount(s, SCRIPTS_DIR)));
        List<String> env = new ArrayList<>();
        env.add("PROJECT_NAME=" + projectName);
        workflow.ifPresent(w -> env.add("WORKFLOW_TYPE=" + w));
        env.add("APP_ENV=production");
        return new AppContainerSpec(image, platform, mounts, env, hostPort, user, confinement);
    }

    /**
     * The maintainer's live container: the same, with the working tree's {@code app/} folder
     * mounted over the image's {@value #APP_DIR} and Streamlit rerunning on save.
     */
    public AppContainerSpec withLiveSource(String appSourceFolder) {
        List<BindMount> m = new ArrayList<>(mounts);
        m.add(new BindMount(appSourceFolder, APP_DIR));
        List<String> e = new ArrayList<>(env);
        e.add(RUN_ON_SAVE);
        return new AppContainerSpec(image, platform, m, e, hostPort, user, confinement);
    }

    /** The same container of another image (the dev loop's rebuilt one). */
    public AppContainerSpec withImage(String otherImage) {
        return new AppContainerSpec(otherImage, platform, mounts, env, hostPort, user, confinement);
    }

    /**
     * The engine's create command for this container, named and labelled by the caller.
     *
     * @param engineMemory the engine's memory in bytes (its {@code info}), for a memory limit given as a share
     */
    public CreateContainerCmd createCommand(DockerClient client, String name, Map<String, String> labels, long engineMemory) {
        ExposedPort port = ExposedPort.tcp(APP_PORT);
        Ports ports = new Ports();
        ports.bind(port, Ports.Binding.bindIpAndPort("127.0.0.1", hostPort));
        HostConfig host = confinement.applyTo(HostConfig.newHostConfig()
                .withMounts(engineMounts())
                .withPortBindings(ports)
                .withInit(true), engineMemory); // init: SIGTERM reaches the app, so stops are quick
        CreateContainerCmd cmd = client.createContainerCmd(image)
                .withName(name)
                .withLabels(labels)
                .withEnv(env)
                .withUser(user)
                .withWorkingDir(DATA_DIR)
                .withExposedPorts(port)
                .withHostConfig(host);
        platform.ifPresent(cmd::withPlatform);
        return cmd;
    }

    /**
     * Structured bind mounts. Never "source:target:mode" strings: the engine splits those at every
     * colon, so a folder named "Run 12:30" broke the start, and a crafted name could choose
     * another target or mode.
     */
    public List<Mount> engineMounts() {
        return mounts.stream().map(b -> new Mount().withType(MountType.BIND).withSource(b.source()).withTarget(b.target())
                .withReadOnly(false)).toList();
    }

    /** Everything that makes the container what it is, as text: what a fingerprint of it is taken over. */
    public String canonical() {
        return String.join("\n",
                "image=" + image,
                "platform=" + platform.orElse(""),
                "mounts=" + String.join("\u0000", mounts.stream().map(m -> m.source() + "\u0001" + m.target()).toList()),
                "env=" + String.join("\u0000", env),
                "port=127.0.0.1:" + hostPort,
                "user=" + user,
                "memory=" + confinement.memory(),
                "pids=" + confinement.pidsLimit(),
                "caps=-" + Confinement.CAPABILITIES_DROPPED + "+" + Confinement.CAPABILITIES_ADDED + "," + Confinement.NO_NEW_PRIVILEGES);
    }
}
