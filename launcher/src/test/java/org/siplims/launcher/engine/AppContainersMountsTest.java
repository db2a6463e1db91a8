package org.siplims.launcher.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.paths.OsFlavor;

/** The folders reach the engine as structured mounts, whatever characters their names hold (issue 17, item 3). */
class AppContainersMountsTest {
    @Test
    void foldersAreStructuredBindMountsWithTheirWholeNames() {
        HostFolder project = new HostFolder("/home/ana/Run 12:30:/etc:ro", OsFlavor.LINUX);
        HostFolder scripts = new HostFolder("C:\\Users\\Ana\\scripts,type=volume", OsFlavor.WINDOWS);
        ContainerSpec spec = new ContainerSpec("app", null, project, Optional.of(scripts), Optional.empty(), 8501, Optional.empty());
        List<Mount> mounts = AppContainers.mounts(spec);
        assertEquals(2, mounts.size());
        assertEquals(MountType.BIND, mounts.get(0).getType());
        assertEquals("/home/ana/Run 12:30:/etc:ro", mounts.get(0).getSource());
        assertEquals("/data", mounts.get(0).getTarget());
        assertEquals(Boolean.FALSE, mounts.get(0).getReadOnly());
        assertEquals("C:\\Users\\Ana\\scripts,type=volume", mounts.get(1).getSource());
        assertEquals("/workflow-scripts", mounts.get(1).getTarget());
    }
}
