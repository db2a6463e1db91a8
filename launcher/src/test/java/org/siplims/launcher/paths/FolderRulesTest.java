package org.siplims.launcher.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The path rules for Windows, macOS and Linux input, on any host, with a fake file system. */
class FolderRulesTest {

    /** A file system made of the paths it is told about; case-insensitive for Windows and macOS, like their defaults. */
    static final class FakeFileSystem implements FolderProbe {
        private final Map<String, Kind> kinds = new HashMap<>();
        private final Map<String, String> links = new HashMap<>();
        private final boolean caseInsensitive;

        FakeFileSystem(OsFlavor os) {
            this.caseInsensitive = os.caseInsensitivePaths();
        }

        FakeFileSystem dir(String path) {
            kinds.put(key(path), Kind.DIRECTORY);
            return this;
        }

        FakeFileSystem file(String path) {
            kinds.put(key(path), Kind.FILE);
            return this;
        }

        FakeFileSystem socket(String path) {
            kinds.put(key(path), Kind.OTHER);
            return this;
        }

        FakeFileSystem link(String path, String target) {
            links.put(key(path), target);
            kinds.put(key(path), kinds.getOrDefault(key(target), Kind.DIRECTORY));
            return this;
        }

        private String key(String p) {
            return caseInsensitive ? p.toLowerCase(Locale.ROOT) : p;
        }

        @Override
        public Kind kind(String path) {
            return kinds.getOrDefault(key(path), Kind.MISSING);
        }

        @Override
        public Optional<String> realPath(String path) {
            return Optional.of(links.getOrDefault(key(path), path));
        }
    }

    private static InvalidFolderException refused(FolderRules rules, String input) {
        return assertThrows(InvalidFolderException.class, () -> rules.check(input, "project folder"));
    }

    @Nested
    class Windows {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.WINDOWS)
                .dir("C:\\Users\\Ana")
                .dir("C:\\Users\\Ana\\Lab Data\\Project 42")
                .dir("D:\\Projects\\P1")
                .dir("C:\\Work\\here\\sub")
                .dir("C:\\")
                .file("C:\\Users\\Ana\\notes.txt");
        private final FolderRules rules = new FolderRules(OsFlavor.WINDOWS, "C:\\Users\\Ana", "C:\\Work\\here", fs);

        @Test
        void copyAsPathQuotesAreStrippedAndBackslashesKept() {
            HostFolder f = rules.check("\"C:\\Users\\Ana\\Lab Data\\Project 42\"", "project folder");
            assertEquals("C:\\Users\\Ana\\Lab Data\\Project 42", f.path());
            assertEquals("Project 42", f.name());
        }

        @Test
        void driveLetterIsKeptAsGivenAndForwardSlashesAccepted() {
            assertEquals("D:\\Projects\\P1", rules.check("D:/Projects/P1/", "project folder").path());
            assertEquals("d:\\Projects\\P1", rules.check("d:\\Projects\\P1", "project folder").path());
        }

        @Test
        void tildeAndRelativePathsAreExpanded() {
            assertEquals("C:\\Users\\Ana\\Lab Data\\Project 42", rules.check("~\\Lab Data\\Project 42", "project folder").path());
            assertEquals("C:\\Work\\here\\sub", rules.check("sub", "project folder").path());
            assertEquals("C:\\Work\\here\\sub", rules.check(".\\sub\\..\\sub", "project folder").path());
        }

        @Test
        void fileUrlIsAccepted() {
            assertEquals("C:\\Users\\Ana\\Lab Data\\Project 42",
                    rules.check("file:///C:/Users/Ana/Lab%20Data/Project%2042", "project folder").path());
        }

        @Test
        void uncPathsGetAdviceToMapADriveLetter() {
            InvalidFolderException e = refused(rules, "\\\\labserver\\share\\project");
            assertTrue(e.getMessage().contains("UNC"), e.getMessage());
            assertTrue(e.hint().contains("drive letter"), e.hint());
            assertTrue(refused(rules, "//labserver/share/project").getMessage().contains("UNC"));
            assertTrue(refused(rules, "\\\\?\\UNC\\labserver\\share").getMessage().contains("UNC"));
        }

        @Test
        void driveRootHomeAndDockerPipeAreRefused() {
            assertTrue(refused(rules, "C:\\").getMessage().contains("top of a drive"));
            assertTrue(refused(rules, "C:").getMessage().contains("top of a drive"));
            assertTrue(refused(rules, "c:\\users\\ana").getMessage().contains("home folder"));
            assertTrue(refused(rules, "~").getMessage().contains("home folder"));
            assertTrue(refused(rules, "\\\\.\\pipe\\docker_engine").getMessage().contains("pipe"));
        }

        @Test
        void driveRelativeInputAsksForAFullPath() {
            assertTrue(refused(rules, "C:Projects").hint().contains("C:\\"));
        }

        @Test
        void missingFoldersAndFilesAreRefused() {
            assertTrue(refused(rules, "C:\\Nope").getMessage().contains("does not exist"));
            assertTrue(refused(rules, "C:\\Users\\Ana\\notes.txt").getMessage().contains("is a file"));
            assertTrue(refused(rules, "  ").getMessage().contains("No project folder"));
        }
    }

    @Nested
    class MacOs {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.MACOS)
                .dir("/Users/ana")
                .dir("/Users/ana/Lab Data/Project (42)")
                .dir("/Users/ana/Documents")
                .socket("/Users/ana/.docker/run/docker.sock")
                .socket("/var/run/docker.sock")
                .link("/Users/ana/Desktop/everything", "/")
                .dir("/");
        private final FolderRules rules = new FolderRules(OsFlavor.MACOS, "/Users/ana", "/Users/ana/Documents", fs);

        @Test
        void terminalDragAndDropEscapesAreRemoved() {
            HostFolder f = rules.check("/Users/ana/Lab\\ Data/Project\\ \\(42\\) ", "project folder");
            assertEquals("/Users/ana/Lab Data/Project (42)", f.path());
            assertEquals("Project (42)", f.name());
        }

        @Test
        void quotedPathsAndTildeAreAccepted() {
            assertEquals("/Users/ana/Lab Data/Project (42)", rules.check("'~/Lab Data/Project (42)'", "project folder").path());
            assertEquals("/Users/ana/Lab Data/Project (42)", rules.check("\"/Users/ana/Lab Data/Project (42)/\"", "project folder").path());
        }

        @Test
        void finderFileUrlIsAccepted() {
            assertEquals("/Users/ana/Lab Data/Project (42)",
                    rules.check("file:///Users/ana/Lab%20Data/Project%20(42)/", "project folder").path());
        }

        @Test
        void rootHomeAndDockerSocketsAreRefused() {
            assertTrue(refused(rules, "/").getMessage().contains("top of a drive"));
            assertTrue(refused(rules, "/Users/ana/").getMessage().contains("home folder"));
            assertTrue(refused(rules, "/users/ANA").getMessage().contains("home folder"), "macOS paths ignore case");
            assertTrue(refused(rules, "~/.docker/run/docker.sock").getMessage().contains("Docker socket"));
            assertTrue(refused(rules, "/var/run/docker.sock").getMessage().contains("Docker socket"));
        }

        @Test
        void aLinkToTheRootIsRefused() {
            assertTrue(refused(rules, "/Users/ana/Desktop/everything").getMessage().contains("top of a drive"));
        }

        @Test
        void relativeInputIsResolvedFromTheWorkingDirectory() {
            assertEquals("/Users/ana/Lab Data/Project (42)", rules.check("../Lab Data/Project (42)", "project folder").path());
        }
    }

    @Nested
    class Linux {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.LINUX)
                .dir("/home/ana")
                .dir("/home/ana/Project")
                .dir("/")
                .socket("/run/docker.sock");
        private final FolderRules rules = new FolderRules(OsFlavor.LINUX, "/home/ana", "/home/ana", fs);

        @Test
        void pathsAreCaseSensitive() {
            assertEquals("/home/ana/Project", rules.check("~/Project", "project folder").path());
            assertTrue(refused(rules, "/home/ana/project").getMessage().contains("does not exist"));
        }

        @Test
        void rootHomeAndSocketAreRefused() {
            assertTrue(refused(rules, "/").getMessage().contains("top of a drive"));
            assertTrue(refused(rules, "//home//ana//").getMessage().contains("home folder"));
            assertTrue(refused(rules, "/run/docker.sock").getMessage().contains("Docker socket"));
        }
    }
}
