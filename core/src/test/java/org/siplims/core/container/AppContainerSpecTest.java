package org.siplims.core.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.core.UserFacingException;

/** The one app container spec: structured mounts, the live-source difference, memory limits and the user. */
class AppContainerSpecTest {
    private static AppContainerSpec project(String folder, Optional<String> scripts) {
        return AppContainerSpec.forProject("reg/app@sha256:" + "a".repeat(64), Optional.empty(), folder, "Project 42", scripts,
                Optional.of("SIP"), 18501, "1001:1002", Confinement.DEFAULT);
    }

    /** A colon in a folder name once split the "source:target:mode" bind string (issue 17, item 3). */
    @Test
    void foldersAreStructuredBindMountsWithTheirWholeNames() {
        List<Mount> mounts = project("/home/ana/Run 12:30:/etc:ro", Optional.of("C:\\Users\\Ana\\scripts,type=volume")).engineMounts();
        assertEquals(2, mounts.size());
        assertEquals(MountType.BIND, mounts.get(0).getType());
        assertEquals("/home/ana/Run 12:30:/etc:ro", mounts.get(0).getSource());
        assertEquals("/data", mounts.get(0).getTarget());
        assertEquals(Boolean.FALSE, mounts.get(0).getReadOnly());
        assertEquals("C:\\Users\\Ana\\scripts,type=volume", mounts.get(1).getSource());
        assertEquals("/workflow-scripts", mounts.get(1).getTarget());
    }

    @Test
    void theLiveSourceAddsOnlyTheAppMountAndRunOnSave() {
        AppContainerSpec users = project("/home/ana/p", Optional.empty());
        AppContainerSpec live = users.withLiveSource("/home/me/repo/app");
        List<BindMount> mounts = new ArrayList<>(live.mounts());
        assertTrue(mounts.remove(new BindMount("/home/me/repo/app", "/opt/app")));
        assertEquals(users.mounts(), mounts);
        List<String> env = new ArrayList<>(live.env());
        assertTrue(env.remove("STREAMLIT_SERVER_RUN_ON_SAVE=true"));
        assertEquals(users.env(), env);
        assertEquals(users, new AppContainerSpec(live.image(), live.platform(), mounts, env, live.hostPort(), live.user(), live.confinement()),
                "everything else is the same");
        assertNotEquals(users.canonical(), live.canonical());
        assertEquals(List.of("PROJECT_NAME=Project 42", "WORKFLOW_TYPE=SIP", "APP_ENV=production"), users.env());
    }

    @Test
    void theAppContainerNeverRunsAsRoot() {
        for (String root : List.of("0", "0:0", "root", "root:root")) {
            assertThrows(IllegalArgumentException.class, () -> new AppContainerSpec("i", Optional.empty(), List.of(), List.of(), 1, root,
                    Confinement.DEFAULT), root);
        }
    }

    @Test
    void memoryLimitsAreASharesOrAmounts() {
        long gib = 1L << 30;
        assertEquals(MemoryLimit.DEFAULT, MemoryLimit.parse(" 75 % "));
        assertEquals(6 * gib, MemoryLimit.DEFAULT.bytesFor(8 * gib));
        assertEquals(4 * gib, MemoryLimit.parse("4g").bytesFor(16 * gib));
        assertEquals(4 * gib, MemoryLimit.parse("4 GiB").bytesFor(16 * gib));
        assertEquals(512L << 20, MemoryLimit.parse("512m").bytesFor(16 * gib));
        assertEquals(2 * gib, MemoryLimit.parse("8g").bytesFor(2 * gib), "never more than the engine has");
        assertEquals(0, MemoryLimit.DEFAULT.bytesFor(0), "an engine that does not say: no share can be taken");
        for (String bad : List.of("", "lots", "0%", "101%", "-1g", "100k", "10m")) {
            assertThrows(UserFacingException.class, () -> MemoryLimit.parse(bad), bad);
        }
    }

    @Test
    void theUserIsTheProjectFoldersOwnerButNeverRoot() throws Exception {
        Path folder = Files.createTempDirectory("siplims-owner");
        try {
            Files.setAttribute(folder, "unix:uid", 23456);
            Files.setAttribute(folder, "unix:gid", 23457);
            assertEquals("23456:23457", ContainerUser.forProjectFolder(folder, true));
            assertEquals(ContainerUser.FALLBACK, ContainerUser.forProjectFolder(folder, false), "Docker Desktop maps ownership itself");
            Files.setAttribute(folder, "unix:uid", 0);
            Files.setAttribute(folder, "unix:gid", 0);
            assertEquals("1000:1000", ContainerUser.forProjectFolder(folder, true), "a root-owned folder: the image's app user");
            assertEquals("1001:1000", ContainerUser.of(1001, 0), "never root's group either");
        } finally {
            Files.delete(folder);
        }
    }
}
