package org.siplims.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.UserFacingException;
import org.siplims.core.image.ImageReference;

/** Where the lab mirror is set (command line > the user's launcher.conf > the lab-wide lab.conf) and how it names repositories. */
class LabMirrorSettingsTest {
    private static final ConfigFile LAB = ConfigFile.parse(Path.of("/opt/launcher/lab.conf"), "mirror = mirror.lab.example:5000\nchannel = stable\n");

    @Test
    void theLabWideFileAppliesWhenNothingElseSaysOtherwise() {
        LauncherOptions o = resolve(Map.of(), ConfigFile.empty(), LAB);
        assertEquals(Optional.of(new LabMirror("mirror.lab.example:5000", "")), o.mirror());
        assertEquals("stable", o.channel());
    }

    @Test
    void theUsersFileWinsOverTheLabWideOneAndTheCommandLineOverBoth() {
        ConfigFile user = ConfigFile.parse(Path.of("launcher.conf"), "mirror = harbor.lab.example/ghcr-proxy\n");
        assertEquals(Optional.of(new LabMirror("harbor.lab.example", "ghcr-proxy")), resolve(Map.of(), user, LAB).mirror());
        assertEquals(Optional.of(new LabMirror("127.0.0.1:5999", "")), resolve(Map.of("mirror", "127.0.0.1:5999"), user, LAB).mirror());
        ConfigFile off = ConfigFile.parse(Path.of("launcher.conf"), "mirror = none\n");
        assertEquals(Optional.empty(), resolve(Map.of(), off, LAB).mirror(), "'none' turns the lab's mirror off for this user");
        assertEquals("stable", resolve(Map.of(), user, LAB).channel(), "what the user's file leaves out still comes from the lab's");
    }

    @Test
    void aBadAddressIsRefusedNamingTheFileItCameFrom() {
        ConfigFile bad = ConfigFile.parse(Path.of("/opt/launcher/lab.conf"), "mirror = not a host\n");
        UserFacingException e = assertThrows(UserFacingException.class, () -> resolve(Map.of(), ConfigFile.empty(), bad));
        assertTrue(e.getMessage().contains("lab.conf"), e.getMessage());
        // A single word is a Docker Hub path, not a host: the same rule as in image names.
        assertThrows(UserFacingException.class, () -> LabMirror.parse("mirror", "(given with --mirror)"));
    }

    @Test
    void theMirrorServesTheOriginsPathUnderItsPrefix() {
        ImageReference origin = ImageReference.parse("ghcr.io/lab/sip-lims:latest");
        assertEquals("mirror.lab.example:5000/lab/sip-lims:latest", LabMirror.parse("mirror.lab.example:5000", "").at(origin).toString());
        assertEquals("harbor.lab.example/ghcr-proxy/lab/sip-lims:latest",
                LabMirror.parse("https://harbor.lab.example/ghcr-proxy/", "").at(origin).toString());
    }

    private static LauncherOptions resolve(Map<String, String> commandLine, ConfigFile user, ConfigFile lab) {
        return new OptionsResolver(commandLine, user, lab, RememberedSettings.NONE).resolve(Path.of("/tmp/settings"));
    }
}
