package org.siplims.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadinessPollingTest {
    @Test
    void quickForTheFirstSecondsThenSlow() {
        // The launcher's pace: ten times a second for 10 s, then twice a second.
        Readiness.Polling polling = new Readiness.Polling(Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofMillis(500));
        assertEquals(Duration.ofMillis(100), polling.pauseAfter(Duration.ZERO));
        assertEquals(Duration.ofMillis(100), polling.pauseAfter(Duration.ofMillis(9_999)));
        assertEquals(Duration.ofMillis(500), polling.pauseAfter(Duration.ofSeconds(10)));
        assertEquals(Duration.ofMillis(500), polling.pauseAfter(Duration.ofMinutes(3)));
    }

    @Test
    void everyIsOnePaceThroughout() {
        Readiness.Polling polling = Readiness.Polling.every(Duration.ofMillis(250));
        assertEquals(Duration.ofMillis(250), polling.pauseAfter(Duration.ZERO));
        assertEquals(Duration.ofMillis(250), polling.pauseAfter(Duration.ofSeconds(30)));
    }

    @Test
    void theLastAnswerIsSaidInWords() {
        assertEquals("last answer HTTP 404", new LoopbackHealth.Answer(404).describe());
        assertEquals("not answering yet", new LoopbackHealth.Answer(0).describe());
    }
}
