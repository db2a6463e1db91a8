package org.siplims.publisher.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.siplims.core.UserFacingException;
import org.siplims.core.docker.EngineConnection;
import org.siplims.core.registry.CredentialResolver;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.steps.Publisher;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.config.Settings;
import org.siplims.publisher.preflight.PreflightFailedException;
import org.siplims.publisher.preflight.Problem;
import org.siplims.publisher.registry.RegistrySession;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.signing.SignatureRefusedException;
import org.siplims.publisher.signing.SignatureReport;
import org.siplims.publisher.signing.SigningSettings;
import org.siplims.publisher.records.RecordStore;
import org.siplims.publisher.records.StateDirectory;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: resolving settings, opening the engine and registry, and turning
 * any failure into its message, hint and exit code (never a stack trace). With {@code --json} a
 * failure is a record on stdout too.
 */
abstract class BaseCommand implements Callable<Integer> {
    @ParentCommand
    PublisherCommand parent;

    @Mixin
    ContextOptions contextOptions;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    /** The command's work; returns its --json record, whose components are the JSON fields. */
    abstract Record run(Publisher publisher, Console console);

    @Spec
    CommandSpec spec;

    /**
     * The option group of this type that the command declares with {@code @Mixin}, or null when it has
     * none: what the command declares is what it uses, with nothing else to keep in step.
     */
    <T> T options(Class<T> type) {
        return spec.mixins().values().stream().map(CommandSpec::userObject).filter(type::isInstance).map(type::cast)
                .findFirst().orElse(null);
    }

    @Override
    public Integer call() {
        Io io = parent.io;
        Console console = new Console(io.out(), io.err(), contextOptions.json);
        try (EngineConnection engine = engineFor(io)) {
            Settings settings = SettingsResolver.resolve(contextOptions, options(ImageOptions.class), options(BuildOptions.class),
                    options(TestOptions.class), options(PlatformOption.class));
            SigningSettings signing = SettingsResolver.signing(settings.context(), options(SigningOptions.class),
                    options(TrustedKeyOptions.class), io.env());
            CredentialResolver credentials = credentials(io, settings);
            StateDirectory state = contextOptions.stateDir != null ? new StateDirectory(contextOptions.stateDir) : StateDirectory.defaultFor(io.env());
            RegistrySession[] registry = new RegistrySession[1];
            Publisher publisher = new Publisher(settings, console, engine, new RecordStore(state), () -> {
                if (registry[0] == null) {
                    registry[0] = new RegistrySession(credentials);
                }
                return registry[0];
            }, signing, io.env(), parent.prompt);
            Record record = run(publisher, console);
            console.record(record);
            return ExitCode.OK.code();
        } catch (PublisherFailure e) {
            return fail(console, e.exitCode(), e);
        } catch (UserFacingException e) {
            return fail(console, ExitCode.USAGE, e);
        } catch (RuntimeException e) {
            return fail(console, ExitCode.USAGE, new UserFacingException("Unexpected error: " + e, "Report it with the command you ran."));
        }
    }

    /** DOCKER_HOST from this run's environment if set, else the platform's default socket. */
    private static EngineConnection engineFor(Io io) {
        String host = io.env().get("DOCKER_HOST");
        return host == null || host.isBlank() ? EngineConnection.fromEnvironment() : new EngineConnection(java.net.URI.create(host.trim()));
    }

    static int fail(Console console, ExitCode code, UserFacingException e) {
        console.progress("");
        console.progress("error: " + e.getMessage());
        if (!e.hint().isEmpty()) {
            console.progress("hint: " + e.hint());
        }
        console.record(FailureJson.of(code, e));
        return code.code();
    }

    /**
     * The --json record of any failure: its message, hint and exit code, plus the refused signature
     * or the preflight's problems when the failure has them.
     */
    record FailureJson(boolean ok, int exitCode, String error, String hint,
                       @JsonInclude(JsonInclude.Include.NON_NULL) SignatureReport.Json signature,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<ProblemJson> problems) {

        static FailureJson of(ExitCode code, UserFacingException e) {
            SignatureReport.Json signature = e instanceof SignatureRefusedException s ? s.report().json() : null;
            List<ProblemJson> problems = e instanceof PreflightFailedException p
                    ? p.problems().stream().map(ProblemJson::of).toList() : null;
            return new FailureJson(false, code.code(), e.getMessage(), e.hint(), signature, problems);
        }
    }

    /** One preflight problem: where, what is wrong, and the fix. */
    record ProblemJson(String where, String problem, String fix) {
        static ProblemJson of(Problem p) {
            return new ProblemJson(p.where(), p.what(), p.fix());
        }
    }

    /**
     * Core's resolver over this process's environment and Docker configuration, plus the password
     * from stdin when --password-stdin is given (for the registry of --image).
     */
    private CredentialResolver credentials(Io io, Settings settings) {
        String path = io.env().getOrDefault("PATH", "");
        CredentialResolver resolver = new CredentialResolver(io.env(), Path.of(System.getProperty("user.home")), CredentialResolver.splitPath(path));
        CredentialOptions c = options(CredentialOptions.class);
        if (c == null || !c.passwordStdin) {
            if (c != null && c.username != null) {
                throw new PublisherFailure(ExitCode.USAGE, "--username needs --password-stdin: the password is never taken as an argument.",
                        "Pipe it in: printf '%s' \"$TOKEN\" | scripts/publish ... --username USER --password-stdin");
            }
            return resolver;
        }
        String username = c.username != null ? c.username : io.env().get("REGISTRY_USERNAME");
        if (username == null || username.isBlank()) {
            throw new PublisherFailure(ExitCode.USAGE, "--password-stdin needs a user name.", "Give --username USER (or set REGISTRY_USERNAME).");
        }
        String password;
        try {
            password = new String(io.in().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new PublisherFailure(ExitCode.USAGE, "Cannot read the password from stdin.", "Pipe it in with printf or echo.");
        }
        if (password.isEmpty()) {
            throw new PublisherFailure(ExitCode.USAGE, "--password-stdin read an empty password.", "Pipe the password or token into the command.");
        }
        return resolver.withExplicit(settings.image().registry(), username, password);
    }
}
