package org.siplims.launcher.paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /**
     * A file system made of the paths it is told about; case-insensitive for Windows and macOS, like
     * their defaults. Symbolic links are followed wherever they are in a path, as the real file system does.
     */
    static final class FakeFileSystem implements FolderProbe {
        private final Map<String, Kind> kinds = new HashMap<>();
        private final Map<String, String> links = new HashMap<>();
        private final OsFlavor os;

        FakeFileSystem(OsFlavor os) {
            this.os = os;
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
            return this;
        }

        private String key(String p) {
            String trimmed = p.length() > 1 && (p.endsWith("/") || p.endsWith("\\")) && !p.endsWith(":\\") ? p.substring(0, p.length() - 1) : p;
            return os.caseInsensitivePaths() ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
        }

        @Override
        public Kind kind(String path) {
            return kinds.getOrDefault(key(resolve(path)), Kind.MISSING);
        }

        @Override
        public Optional<String> realPath(String path) {
            String real = resolve(path);
            return kinds.containsKey(key(real)) ? Optional.of(real) : Optional.empty();
        }

        /** The path with each link on the way replaced by its target (at most 40, like Linux). */
        private String resolve(String path) {
            String sep = os == OsFlavor.WINDOWS ? "\\" : "/";
            String current = path;
            for (int hops = 0; hops < 40; hops++) {
                String[] parts = current.split(java.util.regex.Pattern.quote(sep), -1);
                String prefix = null;
                boolean replaced = false;
                for (int i = 0; i < parts.length; i++) {
                    prefix = prefix == null ? parts[i] : prefix + sep + parts[i];
                    String target = links.get(key(prefix));
                    if (target != null) {
                        String rest = String.join(sep, java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
                        current = rest.isEmpty() ? target : target + (target.endsWith(sep) ? "" : sep) + rest;
                        replaced = true;
                        break;
                    }
                }
                if (!replaced) {
                    return current;
                }
            }
            return current;
        }
    }

    private static InvalidFolderException refused(FolderRules rules, String input) {
        return assertThrows(InvalidFolderException.class, () -> rules.check(input, "project folder"));
    }

    private static FolderRefusal reason(FolderRules rules, String input) {
        InvalidFolderException e = refused(rules, input);
        assertFalse(e.getMessage().isBlank() || e.hint().isBlank(), "a refusal says why and what to give instead: " + e.describe());
        return e.reason();
    }

    @Nested
    class Windows {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.WINDOWS)
                .dir("C:\\Users\\Ana")
                .dir("C:\\Users\\Ana\\Lab Data\\Project 42")
                .dir("D:\\Projects\\P1")
                .dir("C:\\Work\\here\\sub")
                .dir("C:\\")
                .dir("\\\\labserver\\share\\project")
                .dir("\\\\labserver\\share")
                .file("C:\\Users\\Ana\\notes.txt");
        private final FolderRules rules = new FolderRules(OsFlavor.WINDOWS, "C:\\Users\\Ana", fs);

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
            assertEquals("C:\\Work\\here\\sub", rules.check("C:\\Work\\here\\.\\sub\\..\\sub", "project folder").path());
        }

        @Test
        void tildeIsExpandedAndRelativePathsAreRefused() {
            assertEquals("C:\\Users\\Ana\\Lab Data\\Project 42", rules.check("~\\Lab Data\\Project 42", "project folder").path());
            assertEquals(FolderRefusal.RELATIVE, reason(rules, "sub"));
            assertEquals(FolderRefusal.RELATIVE, reason(rules, ".\\sub\\..\\sub"));
            assertEquals(FolderRefusal.RELATIVE, reason(rules, "\\Work\\here"), "the root of whichever drive is current");
        }

        @Test
        void fileUrlIsAccepted() {
            assertEquals("C:\\Users\\Ana\\Lab Data\\Project 42",
                    rules.check("file:///C:/Users/Ana/Lab%20Data/Project%2042", "project folder").path());
        }

        @Test
        void uncSharesAreAcceptedButNotTheirTop() {
            assertEquals("\\\\labserver\\share\\project", rules.check("\\\\labserver\\share\\project", "project folder").path());
            assertEquals("\\\\labserver\\share\\project", rules.check("//labserver/share/project", "project folder").path());
            assertEquals("\\\\labserver\\share\\project", rules.check("\\\\?\\UNC\\labserver\\share\\project", "project folder").path());
            assertEquals(FolderRefusal.TOP_OF_DRIVE, reason(rules, "\\\\labserver\\share"));
        }

        @Test
        void driveRootHomeAndDockerPipeAreRefused() {
            assertEquals(FolderRefusal.TOP_OF_DRIVE, reason(rules, "C:\\"));
            assertEquals(FolderRefusal.HOME_ITSELF, reason(rules, "c:\\users\\ana"));
            assertEquals(FolderRefusal.HOME_ITSELF, reason(rules, "~"));
            assertEquals(FolderRefusal.DOCKER_SOCKET, reason(rules, "\\\\.\\pipe\\docker_engine"));
            assertEquals(FolderRefusal.NOT_A_FOLDER, reason(rules, "\\\\.\\PhysicalDrive0"));
        }

        @Test
        void driveRelativeInputAsksForAFullPath() {
            assertEquals(FolderRefusal.RELATIVE, reason(rules, "C:"));
            assertEquals(FolderRefusal.RELATIVE, reason(rules, "C:Projects"));
            assertTrue(refused(rules, "C:Projects").hint().contains("C:\\"));
        }

        @Test
        void missingFoldersAndFilesAreRefused() {
            assertEquals(FolderRefusal.MISSING, reason(rules, "C:\\Nope"));
            assertEquals(FolderRefusal.NOT_A_FOLDER, reason(rules, "C:\\Users\\Ana\\notes.txt"));
            assertEquals(FolderRefusal.NOTHING_GIVEN, reason(rules, "  "));
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
        private final FolderRules rules = new FolderRules(OsFlavor.MACOS, "/Users/ana", fs);

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
            assertEquals(FolderRefusal.TOP_OF_DRIVE, reason(rules, "/"));
            assertEquals(FolderRefusal.HOME_ITSELF, reason(rules, "/Users/ana/"));
            assertEquals(FolderRefusal.HOME_ITSELF, reason(rules, "/users/ANA"), "macOS paths ignore case");
            assertEquals(FolderRefusal.DOCKER_SOCKET, reason(rules, "~/.docker/run/docker.sock"));
            assertEquals(FolderRefusal.DOCKER_SOCKET, reason(rules, "/var/run/docker.sock"));
        }

        @Test
        void aLinkToTheRootIsRefused() {
            assertEquals(FolderRefusal.TOP_OF_DRIVE, reason(rules, "/Users/ana/Desktop/everything"));
        }

        @Test
        void relativeInputIsRefused() {
            assertEquals(FolderRefusal.RELATIVE, reason(rules, "../Lab Data/Project (42)"));
            assertEquals(FolderRefusal.RELATIVE, reason(rules, "Documents"));
        }
    }

    @Nested
    class Linux {
        private final FakeFileSystem fs = new FakeFileSystem(OsFlavor.LINUX)
                .dir("/home/ana")
                .dir("/home/ana/Project")
                .dir("/")
                .socket("/run/docker.sock");
        private final FolderRules rules = new FolderRules(OsFlavor.LINUX, "/home/ana", fs);

        @Test
        void pathsAreCaseSensitive() {
            assertEquals("/home/ana/Project", rules.check("~/Project", "project folder").path());
            assertEquals(FolderRefusal.MISSING, reason(rules, "/home/ana/project"));
        }

        @Test
        void rootHomeAndSocketAreRefused() {
            assertEquals(FolderRefusal.TOP_OF_DRIVE, reason(rules, "/"));
            assertEquals(FolderRefusal.HOME_ITSELF, reason(rules, "//home//ana//"));
            assertEquals(FolderRefusal.DOCKER_SOCKET, reason(rules, "/run/docker.sock"));
        }
    }
}
