package org.siplims.publisher.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.publisher.failure.ExitCode;
import org.siplims.publisher.failure.PublisherFailure;

class PassphrasesTest {
    /** A terminal that answers with these lines in turn, and remembers what it was asked. */
    private static final class FakeTerminal implements SecretPrompt {
        final Deque<String> answers;
        final List<String> prompts = new ArrayList<>();

        FakeTerminal(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public Optional<char[]> ask(String prompt) {
            prompts.add(prompt);
            return Optional.ofNullable(answers.poll()).map(String::toCharArray);
        }
    }

    @Test
    void theEnvironmentWinsAndTheTerminalIsNotAsked() {
        FakeTerminal terminal = new FakeTerminal("typed", "typed");
        assertArrayEquals("from env".toCharArray(), Passphrases.forNewKey(Map.of(Passphrases.ENV, "from env"), terminal));
        assertArrayEquals("from env".toCharArray(), Passphrases.forKey(Map.of(Passphrases.ENV, "from env"), terminal, Path.of("k")));
        assertEquals(List.of(), terminal.prompts);
    }

    @Test
    void aNewKeysPassphraseIsTypedTwiceAndMustMatch() {
        FakeTerminal same = new FakeTerminal("correct horse", "correct horse");
        assertArrayEquals("correct horse".toCharArray(), Passphrases.forNewKey(Map.of(Passphrases.ENV, ""), same));
        assertEquals(2, same.prompts.size());

        PublisherFailure differ = assertThrows(PublisherFailure.class, () -> Passphrases.forNewKey(Map.of(), new FakeTerminal("one", "two")));
        assertEquals(ExitCode.USAGE, differ.exitCode());
        assertTrue(differ.getMessage().contains("differ"), differ.getMessage());

        PublisherFailure empty = assertThrows(PublisherFailure.class, () -> Passphrases.forNewKey(Map.of(), new FakeTerminal("", "")));
        assertTrue(empty.getMessage().contains("empty passphrase"), empty.getMessage());
    }

    @Test
    void withoutTerminalOrEnvironmentItSaysWhatToDo() {
        PublisherFailure forNew = assertThrows(PublisherFailure.class, () -> Passphrases.forNewKey(Map.of(), SecretPrompt.none()));
        assertEquals(ExitCode.USAGE, forNew.exitCode());
        assertTrue(forNew.hint().contains(Passphrases.ENV) && forNew.hint().contains("--no-passphrase"), forNew.hint());

        PublisherFailure forExisting = assertThrows(PublisherFailure.class,
                () -> Passphrases.forKey(Map.of(), SecretPrompt.none(), Path.of("/keys/signing.key")));
        assertEquals(ExitCode.PUSH, forExisting.exitCode(), "a key that cannot be unlocked is a signing failure");
        assertTrue(forExisting.getMessage().contains("/keys/signing.key"), forExisting.getMessage());
    }
}
