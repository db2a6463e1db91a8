package org.siplims.publisher.signing;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

/**
 * Where a signing key's passphrase comes from: {@code PUBLISHER_KEY_PASSWORD} when it is set and
 * not empty, else the terminal (without echo). Never from an argument.
 */
public final class Passphrases {
    public static final String ENV = "PUBLISHER_KEY_PASSWORD";

    private Passphrases() {
    }

    /** A new key's passphrase: from the environment, or typed twice at the terminal. */
    public static char[] forNewKey(Map<String, String> env, SecretPrompt prompt) {
        Optional<char[]> fromEnv = fromEnv(env);
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        char[] first = prompt.ask("Passphrase for the new signing key: ").orElseThrow(() -> new PublisherFailure(ExitCode.USAGE,
                "There is no terminal to ask for the new key's passphrase, and " + ENV + " is not set.",
                "Run it in a terminal, or set " + ENV + " in the environment, or give --no-passphrase (then only the "
                        + "file's permissions protect the key)."));
        if (first.length == 0) {
            throw new PublisherFailure(ExitCode.USAGE, "An empty passphrase does not protect the signing key; nothing was written.",
                    "Type a passphrase (a few words are easier to remember than symbols), or give --no-passphrase.");
        }
        char[] second = prompt.ask("The same passphrase again: ").orElse(new char[0]);
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            throw new PublisherFailure(ExitCode.USAGE, "The two passphrases differ; nothing was written.",
                    "Run keygen again and type the same passphrase twice.");
        }
        return first;
    }

    /** The passphrase of an existing encrypted key: from the environment, or typed once. */
    public static char[] forKey(Map<String, String> env, SecretPrompt prompt, Path key) {
        return fromEnv(env).or(() -> prompt.ask("Passphrase for the signing key " + key + ": "))
                .orElseThrow(() -> new PublisherFailure(ExitCode.PUSH, "The signing key " + key + " is encrypted, and there is "
                        + "no terminal to ask for its passphrase and " + ENV + " is not set.",
                        "Run it in a terminal, or set " + ENV + " in the environment."));
    }

    private static Optional<char[]> fromEnv(Map<String, String> env) {
        String value = env.get(ENV);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value.toCharArray());
    }
}
