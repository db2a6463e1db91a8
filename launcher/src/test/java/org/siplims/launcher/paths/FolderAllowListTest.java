package org.siplims.launcher.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.paths.FolderRulesTest.FakeFileSystem;

/** Security: only folders inside the home folder or on a data drive are mounted (issue 17, item 1). */
class FolderAllowListTest {

    @Nested
    class Linux {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.LINUX)
                .dir("/").dir("/etc").dir("/usr").dir("/var/run").dir("/run").dir("/proc").dir("/sys").dir("/dev").dir("/boot")
                .dir("/var/lib/docker").dir("/home").dir("/home/bob").dir("/home/ana").dir("/home/ana/.ssh").dir("/home/ana/.docker")
                .dir("/home/ana/.aws").dir("/home/ana/.config").dir("/home/ana/.config/app").dir("/home/ana/Project")
                .link("/home/ana/Desktop/etc-link", "/etc").dir("/media/usb/x").dir("/tmp/x");
        private final FolderRules rules = new FolderRules(OsFlavor.LINUX, "/home/ana", "/home/ana/Project", fs);

        @ParameterizedTest
        @ValueSource(strings = {"/etc", "/usr", "/var/run", "/run", "/proc", "/sys", "/dev", "/boot", "/var/lib/docker", "/home",
                "/home/bob", "/tmp/x", "~/.ssh", "~/.docker", "~/.aws", "~/.config", "~/.config/app", "../../../../etc",
                "/home/ana/Desktop/etc-link", "Project"})
        void isRefused(String input) {
            assertThrows(InvalidFolderException.class, () -> rules.check(input, "project folder"));
        }

        @Test
        void dataDriveIsAccepted() {
            assertEquals("/media/usb/x", rules.check("/media/usb/x", "project folder").path());
        }
    }

    @Nested
    class MacOs {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.MACOS)
                .dir("/").dir("/Users/ana").dir("/Users/ana/Library").dir("/Users/ana/Library/Keychains").dir("/Volumes/Data/x")
                .dir("/etc").dir("/private/etc").dir("/Users/ana/.ssh");
        private final FolderRules rules = new FolderRules(OsFlavor.MACOS, "/Users/ana", "/Users/ana", fs);

        @ParameterizedTest
        @ValueSource(strings = {"/etc", "/private/etc", "/Users", "~/Library", "~/Library/Keychains", "~/.ssh"})
        void isRefused(String input) {
            assertThrows(InvalidFolderException.class, () -> rules.check(input, "project folder"));
        }

        @Test
        void externalVolumeIsAccepted() {
            assertEquals("/Volumes/Data/x", rules.check("/Volumes/Data/x", "project folder").path());
        }
    }

    @Nested
    class Windows {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.WINDOWS)
                .dir("C:\\").dir("C:\\Windows").dir("C:\\Windows\\System32").dir("C:\\Program Files").dir("C:\\Program Files (x86)")
                .dir("C:\\ProgramData").dir("C:\\Users").dir("C:\\Users\\Bob").dir("C:\\Users\\Ana").dir("C:\\Users\\Ana\\AppData")
                .dir("C:\\Users\\Ana\\AppData\\Roaming").dir("C:\\Users\\Ana\\.ssh").dir("D:\\Projects\\x").dir("\\\\server\\share\\x");
        private final FolderRules rules = new FolderRules(OsFlavor.WINDOWS, "C:\\Users\\Ana", "C:\\Users\\Ana", fs);

        @ParameterizedTest
        @ValueSource(strings = {"C:\\Windows", "C:\\Windows\\System32", "C:\\Program Files", "C:\\Program Files (x86)", "C:\\ProgramData",
                "C:\\Users", "C:\\Users\\Bob", "~\\AppData", "~\\AppData\\Roaming", "~\\.ssh", "D:\\"})
        void isRefused(String input) {
            assertThrows(InvalidFolderException.class, () -> rules.check(input, "project folder"));
        }

        @Test
        void otherDrivesAndSharesAreAccepted() {
            assertEquals("D:\\Projects\\x", rules.check("D:\\Projects\\x", "project folder").path());
            assertEquals("\\\\server\\share\\x", rules.check("\\\\server\\share\\x", "project folder").path());
        }
    }
}
