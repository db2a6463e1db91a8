package org.siplims.launcher.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.siplims.core.UserFacingException;
import org.siplims.core.release.ReleaseDefaults;
import org.siplims.launcher.service.Launcher;
import org.siplims.launcher.service.LauncherEnvironment;
import org.siplims.launcher.config.ConfigDirectory;
import org.siplims.launcher.config.ConfigFile;
import org.siplims.launcher.config.LabSettings;
import org.siplims.launcher.config.LauncherOptions;
import org.siplims.launcher.config.OptionsResolver;
import org.siplims.launcher.config.RememberedSettings;
import org.siplims.launcher.config.RememberedSettingsStore;
import org.siplims.launcher.paths.FolderRules;
import org.siplims.launcher.paths.OsFlavor;
import org.siplims.launcher.startup.CdsTraining;
import org.siplims.launcher.startup.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/launch [OPTIONS]}. Every option can also be set in the config file (same name
 * without dashes, {@code option = value}); the command line wins, then the file, then what the
 * launcher remembered from the last run (project, scripts, workflow), then the defaults.
 */
@Command(name = "sip-lims-launcher", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Starts the SIP LIMS workflow manager in Docker and serves a status page.",
            "Finds the newest tested release, downloads it with progress, runs it with your project folder, "
                    + "keeps it healthy and offers updates. Quit with Ctrl+C: the app is stopped with it."},
        footer = {"", "Config file: launcher.conf in the settings folder (or --config FILE), one 'option = value' per line,",
            "for example:  project = /home/me/Lab/Project-42",
            "Lab-wide settings: lab.conf beside the launcher, same format; the command line and launcher.conf win over it.", ""})
public final class LaunchCommand implements Callable<Integer> {
    /**
     * The command line to run this command with; {@code --version} says this launcher's version and
     * the commit it was built from. It is set here rather than by a picocli version provider: a
     * class implementing a picocli interface cannot go into the start-up archive (picocli's own
     * class files are too old for class-data sharing), and every launcher class should.
     */
    public static picocli.CommandLine commandLine(PrintStream console, WarmUp warmUp) {
        picocli.CommandLine cli = new picocli.CommandLine(new LaunchCommand(console, warmUp));
        cli.getCommandSpec().version(org.siplims.core.BuildInfo.line("sip-lims-launcher"));
        return cli;
    }

    @Option(names = "--image", paramLabel = "REPO", description = "Image repository (default: " + ReleaseDefaults.DEFAULT_IMAGE + ").")
    String image;
    @Option(names = "--channel", paramLabel = "TAG", description = "Release channel tag (default: latest).")
    String channel;
    @Option(names = "--project", paramLabel = "DIR", description = "Project folder, mounted at /data.")
    String project;
    @Option(names = "--scripts", paramLabel = "DIR", description = "Workflow scripts folder, mounted at /workflow-scripts (optional).")
    String scripts;
    @Option(names = "--workflow", paramLabel = "NAME", description = "Workflow type, passed to the app as WORKFLOW_TYPE.")
    String workflow;
    @Option(names = "--app-port", paramLabel = "PORT", description = "Port of the workflow manager on this computer (default: 8501).")
    String appPort;
    @Option(names = "--status-port", paramLabel = "PORT", description = "Port of the status page and API (default: 8500).")
    String statusPort;
    @Option(names = "--name", paramLabel = "NAME", description = "Name of the app container (default: " + LauncherOptions.DEFAULT_CONTAINER_NAME + ").")
    String name;
    @Option(names = "--offline", description = "Never contact the registry; run the image already on this computer.")
    boolean offline;
    @Option(names = "--no-browser", description = "Do not open the status page in a browser.")
    boolean noBrowser;
    @Option(names = "--config", paramLabel = "FILE", description = "Config file to read instead of launcher.conf in the settings folder.")
    Path config;
    @Option(names = "--install-updates-at-start",
            description = "Install a newer release when the launcher starts (default: off; it is offered on the status page instead; "
                    + "launcher.conf: install-updates-at-start = true).")
    boolean installUpdatesAtStart;
    @Option(names = "--update-check-hours", paramLabel = "HOURS", description = "How often to look for a newer release (default: 4).")
    String updateCheckHours;
    @Option(names = "--health-timeout-seconds", paramLabel = "SECONDS", description = "How long the app may take to become ready (default: 180).")
    String healthTimeout;
    @Option(names = "--stop-grace-seconds", paramLabel = "SECONDS", description = "How long the app gets to stop before it is killed (default: 10).")
    String stopGrace;
    @Option(names = "--docker-host", paramLabel = "URI", description = "Container engine address (default: the first that answers of DOCKER_HOST, the current Docker context, "
            + "and the sockets of Docker Desktop, Rancher Desktop, Colima, OrbStack and Podman).")
    String dockerHost;
    @Option(names = "--trusted-keys", paramLabel = "FILE",
            description = "PEM file of the maintainer's public key(s): only releases they signed are run (also read: trusted-keys.pem in the settings folder).")
    String trustedKeys;
    @Option(names = "--mirror", paramLabel = "HOST[/PREFIX]",
            description = "The lab's pull-through mirror of the registry: releases are downloaded from it, still checked against the registry "
                    + "(also: mirror = ... in launcher.conf or in the lab-wide lab.conf beside the launcher; 'none' turns it off).")
    String mirror;
    @Option(names = "--lab-settings", paramLabel = "FILE", hidden = true,
            description = "The lab-wide settings file to read instead of lab.conf beside the launcher's distribution.")
    Path labSettings;
    @Option(names = "--memory-limit", paramLabel = "LIMIT",
            description = "Most memory the workflow manager may use: a share of Docker's memory (default: 75%%) or an amount such as 8g.")
    String memoryLimit;
    @Option(names = "--platform", paramLabel = "OS/ARCH",
            description = "Run the release's image for this platform, for example linux/arm64 (default: the engine's own; another one runs under emulation).")
    String platform;
    @Option(names = "--settings-dir", paramLabel = "DIR", hidden = true, description = "Folder for remembered settings and the default config file.")
    Path settingsDir;
    @Option(names = "--cds-training", hidden = true, description = "Build step: serve, answer the page and /api/status once, quit (see CdsTraining).")
    boolean cdsTraining;

    private final PrintStream err;
    private final WarmUp warmUp;

    public LaunchCommand(PrintStream err) {
        this(err, WarmUp.NONE);
    }

    /** @param warmUp what {@code Main} started before the command line was read; waited for before the work begins */
    public LaunchCommand(PrintStream err, WarmUp warmUp) {
        this.err = err;
        this.warmUp = warmUp;
    }

    @Override
    public Integer call() {
        warmUp.await();
        Launcher launcher;
        try {
            if (cdsTraining) {
                statusPort = statusPort != null ? statusPort : CdsTraining.freePort();
                // The engine a start would use (StartupArchive passes it): the training walks the start
                // path's engine questions against it, read-only; with none, those calls fail and the
                // training still loads the transport. It never gets a project, so it starts nothing.
                dockerHost = dockerHost != null ? dockerHost : CdsTraining.NO_ENGINE;
                noBrowser = true;
            }
            // Relative files are the user's, from where they started (see FolderRules.startDirectory).
            Path start = Path.of(FolderRules.startDirectory());
            config = config != null ? start.resolve(config) : null;
            settingsDir = settingsDir != null ? start.resolve(settingsDir) : null;
            labSettings = labSettings != null ? start.resolve(labSettings) : null;
            project = FolderRules.resolveFromStartDirectory(project);
            scripts = FolderRules.resolveFromStartDirectory(scripts);
            trustedKeys = trustedKeys != null && !trustedKeys.startsWith("~") ? start.resolve(trustedKeys).toString() : trustedKeys;
            LauncherEnvironment env = LauncherEnvironment.ofThisMachine();
            Path settings = settingsDir != null ? settingsDir : ConfigDirectory.forThisMachine();
            ConfigFile file = config != null ? ConfigFile.read(config, true) : ConfigFile.read(settings.resolve("launcher.conf"), false);
            RememberedSettings remembered = new RememberedSettingsStore(settings, w -> err.println("Warning: " + w), Clock.systemUTC()).load();
            ConfigFile lab = LabSettings.read(java.util.Optional.ofNullable(labSettings));
            LauncherOptions options = new OptionsResolver(given(), file, lab, remembered).resolve(settings);
            launcher = Launcher.start(options, env);
            if (cdsTraining) {
                launcher.exerciseStartPath();
                return CdsTraining.exercise(options.statusPort(), launcher.ownAuthorization(), launcher::quitAndWait);
            }
            // The page opens through a one-time link that signs this user's browser in (see OwnerSecret);
            // without a browser, the console (this user's own) shows a link instead.
            if (!options.openBrowser() || !BrowserOpener.open(launcher.newSignInLink(), OsFlavor.current())) {
                launcher.printSignInLink();
            }
            long patience = options.stopGrace().toSeconds() + 20;
            Launcher running = launcher;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Ctrl+C or SIGTERM: stop and remove the app container before the JVM goes.
                running.quit();
                try {
                    running.terminated().get(patience, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // exiting anyway
                }
            }, "launcher-quit"));
        } catch (UserFacingException e) {
            err.println("Error: " + e.describe());
            return 2;
        }
        launcher.terminated().join();
        return 0;
    }

    /** The options given on the command line, keyed like the config file. */
    private Map<String, String> given() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "image", image);
        put(m, "channel", channel);
        put(m, "project", project);
        put(m, "scripts", scripts);
        put(m, "workflow", workflow);
        put(m, "app-port", appPort);
        put(m, "status-port", statusPort);
        put(m, "name", name);
        put(m, "offline", offline ? "true" : null);
        put(m, "no-browser", noBrowser ? "true" : null);
        put(m, "install-updates-at-start", installUpdatesAtStart ? "true" : null);
        put(m, "update-check-hours", updateCheckHours);
        put(m, "health-timeout-seconds", healthTimeout);
        put(m, "stop-grace-seconds", stopGrace);
        put(m, "docker-host", dockerHost);
        put(m, "trusted-keys", trustedKeys);
        put(m, "mirror", mirror);
        put(m, "memory-limit", memoryLimit);
        put(m, "platform", platform);
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
