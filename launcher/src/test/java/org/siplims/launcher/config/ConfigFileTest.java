package org.siplims.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.siplims.core.UserFacingException;
import org.siplims.launcher.paths.OsFlavor;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void valuesAreTakenLiterallySoWindowsPathsKeepTheirBackslashes() {
        ConfigFile f = ConfigFile.parse(Path.of("launcher.conf"), "\uFEFF# my settings\nproject = C:\\Users\\me\\Lab\n--app-port=9000\n\nOFFLINE = yes\n");
        assertEquals(Optional.of("C:\\Users\\me\\Lab"), f.get("project"));
        assertEquals(Optional.of("9000"), f.get("app-port"));
        assertEquals(Optional.of("yes"), f.get("offline"));
    }

    @Test
    void unknownOptionsAndBrokenLinesAreErrorsNamingTheLine() {
        UserFacingException unknown = assertThrows(UserFacingException.class, () -> ConfigFile.parse(Path.of("c"), "projet = /x\n"));
        assertTrue(unknown.getMessage().contains("Line 1") && unknown.getMessage().contains("projet"), unknown.getMessage());
        assertTrue(unknown.hint().contains("project"));
        assertThrows(UserFacingException.class, () -> ConfigFile.parse(Path.of("c"), "# ok\njust text\n"));
    }

    @Test
    void aMissingDefaultFileIsNothingButAMissingGivenFileIsAnError() {
        assertTrue(ConfigFile.read(dir.resolve("launcher.conf"), false).get("image").isEmpty());
        assertThrows(UserFacingException.class, () -> ConfigFile.read(dir.resolve("nope.conf"), true));
    }

    @Test
    void commandLineWinsOverTheFileWhichWinsOverRememberedValuesAndDefaults() throws Exception {
        Path file = Files.writeString(dir.resolve("launcher.conf"), "project = /from/file\nchannel = stable\nstatus-port = 9100\nno-browser = true\n");
        RememberedSettings remembered = new RememberedSettings(Optional.of("/remembered"), Optional.of("/remembered-scripts"), Optional.of("SIP"));
        LauncherOptions o = new OptionsResolver(Map.of("project", "/from/cli", "image", "127.0.0.1:5555/lab/app", "docker-host", "unix:///tmp/d.sock"),
                ConfigFile.read(file, true), remembered).resolve(dir);
        assertEquals(Optional.of("/from/cli"), o.project());
        assertEquals(Optional.of("/remembered-scripts"), o.scripts());
        assertEquals(Optional.of("SIP"), o.workflow());
        assertEquals("stable", o.channel());
        assertEquals("127.0.0.1:5555/lab/app:stable", o.channelReference().toString());
        assertEquals(9100, o.statusPort());
        assertEquals(8501, o.appPort());
        assertFalse(o.openBrowser());
        assertFalse(o.offline());
        assertEquals(URI.create("unix:///tmp/d.sock"), o.dockerHost());
        assertEquals(Duration.ofHours(4), o.updateCheckInterval());

        LauncherOptions fromFile = new OptionsResolver(Map.of(), ConfigFile.read(file, true), remembered).resolve(dir);
        assertEquals(Optional.of("/from/file"), fromFile.project());
        LauncherOptions defaults = new OptionsResolver(Map.of(), ConfigFile.empty(), RememberedSettings.NONE).resolve(dir);
        assertEquals("ghcr.io/rrmalmstrom/sip_lims_workflow_manager:latest", defaults.channelReference().toString());
        assertEquals("sip-lims-workflow-manager", defaults.containerName());
        assertTrue(defaults.openBrowser());
    }

    @Test
    void badValuesAreRefusedNamingTheOption() {
        assertTrue(resolveFails(Map.of("app-port", "85o1")).getMessage().contains("--app-port"));
        assertTrue(resolveFails(Map.of("app-port", "8500")).getMessage().contains("both 8500"));
        assertTrue(resolveFails(Map.of("image", "ghcr.io/x/app:1.0")).hint().contains("--channel"));
        assertTrue(resolveFails(Map.of("image", "ghcr.io/X/App")).getMessage().contains("lower case"));
        assertTrue(resolveFails(Map.of("name", "-bad name")).getMessage().contains("container name"));
        assertTrue(resolveFails(Map.of("health-timeout-seconds", "-3")).getMessage().contains("--health-timeout-seconds"));
        assertTrue(resolveFails(Map.of("offline", "maybe")).getMessage().contains("true or false"));
    }

    /** A value that rounds to no time at all once silently turned update checks off (issue 17, item 10). */
    @Test
    void intervalsThatRoundToAlmostNothingAreRefusedOnTheCommandLineAndInTheFile() throws Exception {
        for (String tiny : List.of("0.001", "0.0001", "1e-9", "0.05")) {
            assertEquals("update-check-hours", ((InvalidOptionException) resolveFails(Map.of("update-check-hours", tiny))).option());
            Path file = Files.writeString(dir.resolve("tiny.conf"), "update-check-hours = " + tiny + "\n");
            assertEquals("update-check-hours", assertThrows(InvalidOptionException.class,
                    () -> new OptionsResolver(Map.of(), ConfigFile.read(file, true), RememberedSettings.NONE).resolve(dir)).option());
        }
        assertEquals("health-timeout-seconds", ((InvalidOptionException) resolveFails(Map.of("health-timeout-seconds", "0.4"))).option());
        assertEquals("stop-grace-seconds", ((InvalidOptionException) resolveFails(Map.of("stop-grace-seconds", "0.2"))).option());
        assertEquals(Duration.ofMinutes(5), resolve(Map.of("update-check-hours", "0.0833")).updateCheckInterval());
        assertEquals(Duration.ofMinutes(90), resolve(Map.of("update-check-hours", "1.5")).updateCheckInterval());
    }

    @Test
    void theMemoryLimitIsAShareByDefaultAndConfigurableInTheFileAndOnTheCommandLine() throws Exception {
        assertEquals(org.siplims.core.container.MemoryLimit.DEFAULT, resolve(Map.of()).memoryLimit());
        assertEquals(org.siplims.core.container.MemoryLimit.parse("8g"), resolve(Map.of("memory-limit", "8g")).memoryLimit());
        Path file = Files.writeString(dir.resolve("memory.conf"), "memory-limit = 90%\n");
        assertEquals(org.siplims.core.container.MemoryLimit.parse("90%"),
                new OptionsResolver(Map.of(), ConfigFile.read(file, true), RememberedSettings.NONE).resolve(dir).memoryLimit());
        for (String bad : List.of("lots", "0%", "150%", "10m")) {
            assertEquals("memory-limit", ((InvalidOptionException) resolveFails(Map.of("memory-limit", bad))).option(), bad);
        }
    }

    private LauncherOptions resolve(Map<String, String> cli) {
        return new OptionsResolver(cli, ConfigFile.empty(), RememberedSettings.NONE).resolve(dir);
    }

    private UserFacingException resolveFails(Map<String, String> cli) {
        return assertThrows(UserFacingException.class, () -> new OptionsResolver(cli, ConfigFile.empty(), RememberedSettings.NONE).resolve(dir));
    }

    @Test
    void configDirectoryFollowsEachSystemsConvention() {
        Path home = Path.of("/home/ana");
        assertEquals(Path.of("/xdg/sip-lims-launcher"), ConfigDirectory.forOs(OsFlavor.LINUX, Map.of("XDG_CONFIG_HOME", "/xdg"), home));
        assertEquals(Path.of("/home/ana/.config/sip-lims-launcher"), ConfigDirectory.forOs(OsFlavor.LINUX, Map.of("XDG_CONFIG_HOME", "rel"), home));
        assertEquals(Path.of("/home/ana/Library/Application Support/sip-lims-launcher"), ConfigDirectory.forOs(OsFlavor.MACOS, Map.of(), home));
        assertEquals(Path.of("/appdata/sip-lims-launcher"), ConfigDirectory.forOs(OsFlavor.WINDOWS, Map.of("APPDATA", "/appdata"), home));
    }
}
