package org.siplims.launcher.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.siplims.launcher.paths.FolderRulesTest.FakeFileSystem;

/**
 * Security: the app gets read-write access to the folder, so only folders inside the home folder
 * or on a data drive are mounted, judged on their real path (issue 17, item 1). Each refusal is
 * asserted on its reason, not its prose.
 */
class FolderAllowListTest {

    private static FolderRefusal reason(FolderRules rules, String input) {
        return assertThrows(InvalidFolderException.class, () -> rules.check(input, "project folder"), input).reason();
    }

    @Nested
    class Linux {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.LINUX)
                .dir("/").dir("/etc").dir("/etc/ssh").dir("/usr").dir("/var/run").dir("/run").dir("/proc").dir("/sys").dir("/dev").dir("/boot")
                .dir("/var/lib/docker").dir("/home").dir("/home/bob").dir("/home/ana").dir("/home/ana/.ssh").dir("/home/ana/.docker")
                .dir("/home/ana/.aws").dir("/home/ana/.config").dir("/home/ana/.config/app").dir("/home/ana/Project")
                .dir("/home/ana/Lab/.git/objects").dir("/home/ana/Desktop")
                .link("/home/ana/Desktop/etc-link", "/etc").link("/home/ana/Desktop/project-link", "/home/ana/Project")
                .link("/home/ana/Desktop/usb-link", "/media/usb/x").link("/tmp/into-home", "/home/ana/Project")
                .dir("/media/usb/x").dir("/media/usb").dir("/mnt/data/x").dir("/mnt/data").dir("/tmp/x").dir("/opt/lab");
        private final FolderRules rules = new FolderRules(OsFlavor.LINUX, "/home/ana", fs);

        @ParameterizedTest
        @CsvSource({
                "/etc, SYSTEM_FOLDER", "/usr, SYSTEM_FOLDER", "/var/run, SYSTEM_FOLDER", "/run, SYSTEM_FOLDER", "/proc, SYSTEM_FOLDER",
                "/sys, SYSTEM_FOLDER", "/dev, SYSTEM_FOLDER", "/boot, SYSTEM_FOLDER", "/var/lib/docker, SYSTEM_FOLDER",
                "/home, SYSTEM_FOLDER", "/home/bob, SYSTEM_FOLDER", "/opt/lab, SYSTEM_FOLDER",
                "/tmp/x, OUTSIDE_ALLOWED_PLACES", "/, TOP_OF_DRIVE", "/media/usb, TOP_OF_DRIVE", "/mnt/data, TOP_OF_DRIVE",
                "~/.ssh, HIDDEN_OR_SETTINGS", "~/.docker, HIDDEN_OR_SETTINGS", "~/.aws, HIDDEN_OR_SETTINGS",
                "~/.config, HIDDEN_OR_SETTINGS", "~/.config/app, HIDDEN_OR_SETTINGS", "~/Lab/.git/objects, HIDDEN_OR_SETTINGS",
                "~, HOME_ITSELF", "../../../../etc, RELATIVE", "Project, RELATIVE", "./Project, RELATIVE",
                "/home/ana/Project/../../../etc, SYSTEM_FOLDER",
                "~/Desktop/etc-link, SYSTEM_FOLDER", "~/Desktop/etc-link/ssh, SYSTEM_FOLDER",
                "/var/run/docker.sock, DOCKER_SOCKET"})
        void isRefused(String input, FolderRefusal expected) {
            assertEquals(expected, reason(rules, input));
        }

        @Test
        void folderInHomeAndOnDataDrivesAreAccepted() {
            assertEquals("/home/ana/Project", rules.check("~/Project", "project folder").path());
            assertEquals("/media/usb/x", rules.check("/media/usb/x", "project folder").path());
            assertEquals("/mnt/data/x", rules.check("/mnt/data/x", "project folder").path());
        }

        @Test
        void theRealPathIsCheckedAndMounted() {
            assertEquals("/home/ana/Project", rules.check("~/Desktop/project-link", "project folder").path());
            assertEquals("/media/usb/x", rules.check("~/Desktop/usb-link", "project folder").path());
            assertEquals("/home/ana/Project", rules.check("/tmp/into-home", "project folder").path(), "where it leads counts");
        }

        @Test
        void theScriptsFolderFollowsTheSameRules() {
            assertEquals(FolderRefusal.SYSTEM_FOLDER,
                    assertThrows(InvalidFolderException.class, () -> rules.check("/etc", "scripts folder")).reason());
            assertEquals("/home/ana/Project", rules.check("~/Project", "scripts folder").path());
        }

        @Test
        void aHomeFolderInASystemFolderOpensNothing() {
            FolderRules odd = new FolderRules(OsFlavor.LINUX, "/etc", fs);
            assertEquals(FolderRefusal.SYSTEM_FOLDER, reason(odd, "/etc/ssh"));
            FolderRules top = new FolderRules(OsFlavor.LINUX, "/", fs);
            assertEquals(FolderRefusal.SYSTEM_FOLDER, reason(top, "/etc/ssh"));
        }
    }

    @Nested
    class MacOs {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.MACOS)
                .dir("/").dir("/Users").dir("/Users/ana").dir("/Users/ana/Library").dir("/Users/ana/Library/Keychains")
                .dir("/Volumes/Data/x").dir("/Volumes/Data").dir("/etc").dir("/private/etc").dir("/Users/ana/.ssh").dir("/Users/ana/Documents/P")
                .dir("/Users/bob/Documents").dir("/System/Library").dir("/Library/Application Support")
                .link("/Volumes/Macintosh HD", "/").link("/Users/ana/Documents/etc", "/private/etc");
        private final FolderRules rules = new FolderRules(OsFlavor.MACOS, "/Users/ana", fs);

        @ParameterizedTest
        @CsvSource({
                "/etc, SYSTEM_FOLDER", "/private/etc, SYSTEM_FOLDER", "/Users, SYSTEM_FOLDER", "/Users/bob/Documents, SYSTEM_FOLDER",
                "/System/Library, SYSTEM_FOLDER", "/Library/Application Support, SYSTEM_FOLDER",
                "~/Library, HIDDEN_OR_SETTINGS", "~/library/Keychains, HIDDEN_OR_SETTINGS", "~/.ssh, HIDDEN_OR_SETTINGS",
                "/Volumes/Data, TOP_OF_DRIVE", "/Volumes/Macintosh HD, TOP_OF_DRIVE", "/Volumes/Macintosh HD/etc, SYSTEM_FOLDER",
                "~/Documents/etc, SYSTEM_FOLDER", "Documents/P, RELATIVE"})
        void isRefused(String input, FolderRefusal expected) {
            assertEquals(expected, reason(rules, input));
        }

        @Test
        void externalVolumeAndHomeAreAccepted() {
            assertEquals("/Volumes/Data/x", rules.check("/Volumes/Data/x", "project folder").path());
            assertEquals("/Users/ana/Documents/P", rules.check("~/Documents/P", "project folder").path());
        }
    }

    @Nested
    class Windows {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.WINDOWS)
                .dir("C:\\").dir("D:\\").dir("C:\\Windows").dir("C:\\Windows\\System32").dir("C:\\Program Files").dir("C:\\Program Files (x86)")
                .dir("C:\\ProgramData").dir("C:\\Users").dir("C:\\Users\\Bob").dir("C:\\Users\\Ana").dir("C:\\Users\\Ana\\AppData")
                .dir("C:\\Users\\Ana\\AppData\\Roaming").dir("C:\\Users\\Ana\\.ssh").dir("C:\\Users\\Ana\\Documents\\P")
                .dir("D:\\Projects\\x").dir("\\\\server\\share\\x").dir("\\\\server\\share").dir("\\\\server\\C$\\Windows")
                .link("C:\\Users\\Ana\\Documents\\sys", "C:\\Windows\\System32");
        private final FolderRules rules = new FolderRules(OsFlavor.WINDOWS, "C:\\Users\\Ana", fs);

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
                "C:\\Windows|SYSTEM_FOLDER", "c:\\windows\\system32|SYSTEM_FOLDER", "C:\\Program Files|SYSTEM_FOLDER",
                "C:\\Program Files (x86)|SYSTEM_FOLDER", "C:\\ProgramData|SYSTEM_FOLDER", "C:\\Users|SYSTEM_FOLDER",
                "C:\\Users\\Bob|SYSTEM_FOLDER", "\\\\server\\C$\\Windows|SYSTEM_FOLDER", "~\\Documents\\sys|SYSTEM_FOLDER",
                "~\\AppData|HIDDEN_OR_SETTINGS", "~\\AppData\\Roaming|HIDDEN_OR_SETTINGS", "~\\.ssh|HIDDEN_OR_SETTINGS",
                "C:\\|TOP_OF_DRIVE", "D:\\|TOP_OF_DRIVE", "\\\\server\\share|TOP_OF_DRIVE", "~|HOME_ITSELF",
                "Documents\\P|RELATIVE", "..\\..\\Windows|RELATIVE", "\\Windows|RELATIVE"})
        void isRefused(String input, FolderRefusal expected) {
            assertEquals(expected, reason(rules, input));
        }

        @Test
        void homeOtherDrivesAndSharesAreAccepted() {
            assertEquals("C:\\Users\\Ana\\Documents\\P", rules.check("~\\Documents\\P", "project folder").path());
            assertEquals("D:\\Projects\\x", rules.check("D:\\Projects\\x", "project folder").path());
            assertEquals("\\\\server\\share\\x", rules.check("\\\\server\\share\\x", "project folder").path());
        }
    }
}
