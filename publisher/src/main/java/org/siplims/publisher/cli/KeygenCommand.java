package org.siplims.publisher.cli;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.siplims.core.UserFacingException;
import org.siplims.core.signing.SigningKey;
import org.siplims.core.signing.SigningKeys;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;
import org.siplims.publisher.report.Console;
import org.siplims.publisher.signing.KeyLocations;
import org.siplims.publisher.signing.Passphrases;
import org.siplims.publisher.signing.SigningSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Makes the maintainer's signing key pair with the JDK's own crypto: the private key owner-only,
 * encrypted with a passphrase from the terminal (typed twice) or {@code PUBLISHER_KEY_PASSWORD};
 * the public key beside it, printed with its key id and where the launcher wants it. Never
 * overwrites a key. Needs neither the engine nor a registry.
 */
@Command(name = "keygen", description = "Make a signing key pair (ECDSA P-256): the private key, owner-only and encrypted with a "
        + "passphrase, and the public key to give to the launcher. Never overwrites a key.")
final class KeygenCommand implements Callable<Integer> {
    @ParentCommand
    PublisherCommand parent;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write signing.key and signing.pub in this folder (default: the user's configuration folder, "
                    + "e.g. ~/.config/sip-lims-publisher; keep it outside any repository).")
    Path out;

    @Option(names = "--key", paramLabel = "FILE", description = "Write the private key to FILE and the public key beside it "
            + "(FILE.key -> FILE.pub).")
    Path key;

    @Option(names = "--no-passphrase", description = "Write the private key unencrypted: then only the file's permissions protect it.")
    boolean noPassphrase;

    @Option(names = "--json", description = "Print a machine-readable record on stdout; the human report goes to stderr.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    /** Accepted like every subcommand's (keygen keeps no state). */
    @Option(names = "--add-to-launcher", description = "Also add the public key to launcher/trusted-keys.pem in the repository "
            + "(--context), for you to commit: the launcher build then ships it, a default install verifies every release, "
            + "and publish refuses to push unsigned. An existing file keeps its keys (a key rotation).")
    boolean addToLauncher;

    @Option(names = "--context", paramLabel = "DIR", description = "The repository, for --add-to-launcher (default: .).")
    Path context;

    @Option(names = "--state-dir", hidden = true, paramLabel = "DIR")
    Path stateDir;

    @Override
    public Integer call() {
        Map<String, String> env = parent.io.env();
        Console console = new Console(parent.io.out(), parent.io.err(), json);
        try {
            if (out != null && key != null) {
                throw new PublisherFailure(ExitCode.USAGE, "Give --out DIR or --key FILE, not both.",
                        "--out DIR writes DIR/signing.key and DIR/signing.pub; --key FILE chooses the private key's file name.");
            }
            Path privateFile = key != null ? key.toAbsolutePath().normalize()
                    : (out != null ? out : KeyLocations.defaultKeyFolder(env)).toAbsolutePath().normalize().resolve(KeyLocations.PRIVATE_KEY_FILE);
            Path publicFile = key != null ? KeyLocations.publicKeyFor(privateFile) : privateFile.resolveSibling(KeyLocations.PUBLIC_KEY_FILE);
            for (Path file : List.of(privateFile, publicFile)) {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new PublisherFailure(ExitCode.USAGE, "The file " + file + " already exists; a key is never overwritten, "
                            + "and nothing was written.", "Choose another --out or --key, or move the old files away first (keep an old "
                            + "key for as long as releases signed with it must still verify).");
                }
            }
            Optional<Path> shipped = Optional.empty();
            if (addToLauncher) {
                Path repository = (context != null ? context : Path.of("")).toAbsolutePath().normalize();
                if (!Files.isDirectory(repository.resolve("launcher"))) {
                    throw new PublisherFailure(ExitCode.USAGE, "There is no launcher folder in " + repository
                            + ", so the public key cannot be added to " + KeyLocations.SHIPPED_TRUSTED_KEYS + "; nothing was written.",
                            "Run keygen from the repository's root, or give --context DIR.");
                }
                shipped = Optional.of(repository.resolve(KeyLocations.SHIPPED_TRUSTED_KEYS));
            }
            Optional<Path> gitTree = KeyLocations.enclosingGitTree(privateFile.getParent());
            gitTree.ifPresent(tree -> console.progress("WARNING: " + privateFile.getParent() + " is inside the Git working tree " + tree
                    + ". Never commit a private key: keep it outside every repository."));

            boolean fromEnv = !noPassphrase && !env.getOrDefault(Passphrases.ENV, "").isEmpty();
            char[] passphrase = noPassphrase ? null : Passphrases.forNewKey(env, parent.prompt);
            SigningKey pair = SigningKeys.generate();
            try {
                SigningKeys.writePrivateKey(pair, privateFile, passphrase);
            } finally {
                if (passphrase != null) {
                    Arrays.fill(passphrase, '\0');
                }
            }
            SigningKeys.writePublicKey(pair.publicKey(), publicFile);
            String pem = SigningKeys.publicKeyPem(pair.publicKey());
            if (shipped.isPresent()) {
                KeyLocations.addShippedKey(shipped.get(), pem);
            }
            Path launcherFile = KeyLocations.launcherTrustedKeys(env);

            String protection = passphrase == null ? "NOT encrypted"
                    : "encrypted with " + (fromEnv ? "the passphrase in " + Passphrases.ENV : "your passphrase");
            console.report(report(privateFile, publicFile, pair, pem, protection, passphrase != null, launcherFile)
                    + System.lineSeparator() + System.lineSeparator() + shippedReport(shipped, publicFile));
            console.record(new Json(true, "keygen", privateFile.toString(), publicFile.toString(), pair.keyId().toString(),
                    passphrase != null, pem, launcherFile.toString(), shipped.map(Path::toString).orElse(null)));
            return ExitCode.OK.code();
        } catch (PublisherFailure e) {
            return BaseCommand.fail(console, e.exitCode(), e);
        } catch (UserFacingException e) {
            return BaseCommand.fail(console, ExitCode.USAGE, e);
        } catch (RuntimeException e) {
            return BaseCommand.fail(console, ExitCode.USAGE, new UserFacingException("Unexpected error: " + e, "Report it with the command you ran."));
        }
    }

    private static String report(Path privateFile, Path publicFile, SigningKey pair, String pem, String protection, boolean encrypted,
                                 Path launcherFile) {
        String nl = System.lineSeparator();
        return "Made a signing key pair (ECDSA P-256)." + nl
                + "  private key  " + privateFile + "  (owner-only; " + protection + ")" + nl
                + "  public key   " + publicFile + nl
                + "  key id       " + pair.keyId() + nl
                + nl
                + "The public key (not secret; this is what the launcher is given):" + nl
                + pem.stripTrailing() + nl
                + nl
                + "Sign releases with it:" + nl
                + "  scripts/publish publish --signing-key " + privateFile + nl
                + "  (or export " + SigningSettings.KEY_ENV + "=" + privateFile + ", or \"signingKey\" in publisher.json; "
                + "the passphrase is asked at the start, or read from " + Passphrases.ENV + ")" + nl
                + nl
                + "Give it to the launcher: save the public key as " + KeyLocations.LAUNCHER_TRUSTED_KEYS_FILE
                + " in the launcher's configuration folder," + nl
                + "  Linux    ${XDG_CONFIG_HOME:-~/.config}/" + KeyLocations.LAUNCHER_FOLDER + "/" + KeyLocations.LAUNCHER_TRUSTED_KEYS_FILE + nl
                + "  macOS    ~/Library/Application Support/" + KeyLocations.LAUNCHER_FOLDER + "/" + KeyLocations.LAUNCHER_TRUSTED_KEYS_FILE + nl
                + "  Windows  %APPDATA%\\" + KeyLocations.LAUNCHER_FOLDER + "\\" + KeyLocations.LAUNCHER_TRUSTED_KEYS_FILE + nl
                + "  (on this computer: " + launcherFile + ")," + nl
                + "or ship that file with the launcher distribution. Check a copy with: openssl pkey -pubin -in FILE -outform DER | sha256sum" + nl
                + "(its first 16 hex digits are the key id)." + nl
                + nl
                + "Keep " + privateFile.getFileName() + " out of every repository, and back it up" + (encrypted ? " (it is encrypted)" : "")
                + "." + nl + "A lost key means making a new pair and giving every launcher the new public key.";
    }

    /** What --add-to-launcher did, or the offer to do it. */
    private static String shippedReport(Optional<Path> shipped, Path publicFile) {
        String nl = System.lineSeparator();
        if (shipped.isPresent()) {
            return "Added the public key to " + shipped.get() + "." + nl
                    + "Commit it (git add " + KeyLocations.SHIPPED_TRUSTED_KEYS + " && git commit): from then on the launcher build ships it," + nl
                    + "a default install verifies every release, and publish refuses to push without signing.";
        }
        return "To build it into the launcher, so that every default install verifies releases (recommended):" + nl
                + "  cat " + publicFile + " >> " + KeyLocations.SHIPPED_TRUSTED_KEYS + "   (from the repository's root), then commit it;" + nl
                + "  or make the key with keygen --add-to-launcher.";
    }

    /** The --json record of {@code keygen}: where the key pair was written, its ID and the public key itself. */
    record Json(boolean ok, String command, String privateKey, String publicKey, String keyId, boolean encrypted, String publicKeyPem,
                String launcherTrustedKeys, String addedToLauncher) {
    }
}
