package org.siplims.launcher.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PullResponseItem;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pull events as the engine sends them (JSON lines), summed across layers. */
class PullProgressTrackerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PullResponseItem event(String json) throws Exception {
        return JSON.readValue(json.replace('\'', '"'), PullResponseItem.class);
    }

    @Test
    void sumsLayersWithSizesKnownFromTheManifestAndLeavesOutExistingOnes() throws Exception {
        PullProgressTracker t = new PullProgressTracker(Map.of("aaaaaaaaaaaa", 1000L, "bbbbbbbbbbbb", 3000L, "cccccccccccc", 500L));
        assertEquals(4500, t.bytesTotal());
        assertFalse(t.accept(event("{'status':'Pulling from it/app','id':'sha256:0123'}")));
        assertTrue(t.accept(event("{'status':'Already exists','id':'cccccccccccc'}")));
        assertEquals(4000, t.bytesTotal());
        t.accept(event("{'status':'Pulling fs layer','id':'aaaaaaaaaaaa'}"));
        t.accept(event("{'status':'Downloading','id':'aaaaaaaaaaaa','progressDetail':{'current':400,'total':1000}}"));
        t.accept(event("{'status':'Downloading','id':'bbbbbbbbbbbb','progressDetail':{'current':1000,'total':3000}}"));
        assertEquals(1400, t.bytesDone());
        t.accept(event("{'status':'Download complete','id':'aaaaaaaaaaaa'}"));
        assertEquals(2000, t.bytesDone());
        t.accept(event("{'status':'Pull complete','id':'bbbbbbbbbbbb'}"));
        assertEquals(4000, t.bytesDone());
        assertEquals(4000, t.bytesTotal());
        assertFalse(t.accept(event("{'status':'Digest: sha256:abc'}")));
        assertFalse(t.accept(event("{'status':'Status: Downloaded newer image for x'}")));
    }

    @Test
    void withoutManifestSizesTheTotalGrowsAsLayersReportTheirs() throws Exception {
        PullProgressTracker t = new PullProgressTracker(Map.of());
        t.accept(event("{'status':'Pulling fs layer','id':'aaaaaaaaaaaa'}"));
        t.accept(event("{'status':'Downloading','id':'aaaaaaaaaaaa','progressDetail':{'current':10,'total':100}}"));
        t.accept(event("{'status':'Downloading','id':'bbbbbbbbbbbb','progressDetail':{'current':50,'total':200}}"));
        assertEquals(60, t.bytesDone());
        assertEquals(300, t.bytesTotal());
        t.complete();
        assertEquals(300, t.bytesDone());
    }

    @Test
    void anUpToDateImageReportsNoBytes() throws Exception {
        PullProgressTracker t = new PullProgressTracker(Map.of());
        t.accept(event("{'status':'Pulling from it/app','id':'latest'}"));
        t.accept(event("{'status':'Status: Image is up to date for x'}"));
        assertEquals(0, t.bytesTotal());
    }

    @Test
    void repositoryNamesAreMatchedAsTheEngineSpellsThem() {
        var repo = org.siplims.core.image.ImageReference.parse("127.0.0.1:5555/it/app");
        assertTrue(LocalImages.namesRepository("127.0.0.1:5555/it/app:1.0", repo, ':'));
        assertTrue(LocalImages.namesRepository("127.0.0.1:5555/it/app@sha256:" + "a".repeat(64), repo, '@'));
        assertFalse(LocalImages.namesRepository("127.0.0.1:5555/it/app2:1.0", repo, ':'));
        assertFalse(LocalImages.namesRepository("<none>:<none>", repo, ':'));
        assertTrue(LocalImages.namesRepository("busybox:1", org.siplims.core.image.ImageReference.parse("docker.io/library/busybox"), ':'));
    }
}
