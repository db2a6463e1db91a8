package org.siplims.publisher.signing;

import java.io.Console;
import java.util.Optional;

/**
 * Asks the person at the terminal for a secret without echoing it. Passphrases are read only this
 * way or from {@code PUBLISHER_KEY_PASSWORD}; never from an argument, which the process list and
 * the shell history would show.
 */
@FunctionalInterface
public interface SecretPrompt {
    /** What was typed; empty when there is no terminal (or input ended). */
    Optional<char[]> ask(String prompt);

    /** The process's terminal, through {@link System#console()} (no echo). */
    static SecretPrompt terminal() {
        return prompt -> {
            Console console = System.console();
            if (console == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(console.readPassword("%s", prompt));
        };
    }

    /** No terminal: for tests and for runs whose input is not a person. */
    static SecretPrompt none() {
        return prompt -> Optional.empty();
    }
}
