package org.siplims.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberedSettingsStoreTest {
    @TempDir
    Path dir;
    private final List<String> warnings = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    @Test
    void savedSettingsComeBackAndNoTemporaryFileStays() throws Exception {
        RememberedSettingsStore store = new RememberedSettingsStore(dir.resolve("new/sub"), warnings::add, clock);
        RememberedSettings settings = new RememberedSettings(Optional.of("C:\\Lab\\P \"1\""), Optional.empty(), Optional.of("SIP"));
        store.save(settings);
        store.save(settings); // replaces the file in place
        assertEquals(settings, store.load());
        try (Stream<Path> files = Files.list(dir.resolve("new/sub"))) {
            assertEquals(List.of("remembered.json"), files.map(p -> p.getFileName().toString()).toList());
        }
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aCorruptFileIsSetAsideWithAWarningNotACrash() throws Exception {
        RememberedSettingsStore store = new RememberedSettingsStore(dir, warnings::add, clock);
        Files.writeString(store.file(), "{\"project\": \"/half");
        assertEquals(RememberedSettings.NONE, store.load());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("set aside"), warnings.get(0));
        Path aside = dir.resolve("remembered.json.corrupt-20260304-050607");
        assertEquals("{\"project\": \"/half", Files.readString(aside), "the content is kept for the user");
        assertTrue(Files.notExists(store.file()));
        Files.writeString(store.file(), "[1, 2]");
        assertEquals(RememberedSettings.NONE, store.load());
        assertEquals(2, warnings.size());
    }

    @Test
    void nothingRememberedYetIsNoWarning() {
        assertEquals(RememberedSettings.NONE, new RememberedSettingsStore(dir, warnings::add, clock).load());
        assertTrue(warnings.isEmpty());
    }
}
