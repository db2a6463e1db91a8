package org.siplims.launcher.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Quitting drains the bus instead of pausing a fixed time (issue 19): it waits for delivery, and no longer. */
class EventBusTest {

    @Test
    void drainAndCloseReturnsOnlyAfterEveryPublishedEventWasDelivered() {
        EventBus<Integer> bus = new EventBus<>();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        bus.subscribe(n -> {
            sleep(20); // a slow subscriber: a browser on a slow connection
            seen.add(n);
        });
        for (int i = 1; i <= 5; i++) {
            bus.publish(i);
        }
        bus.drainAndClose(Duration.ofSeconds(10));
        assertEquals(List.of(1, 2, 3, 4, 5), seen);
        bus.publish(6); // after closing: dropped, no error
        sleep(50);
        assertEquals(5, seen.size());
    }

    @Test
    void drainAndCloseGivesUpOnAStuckSubscriberAfterItsPatience() throws InterruptedException {
        EventBus<Integer> bus = new EventBus<>();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        bus.subscribe(n -> {
            stuck.countDown();
            await(release);
        });
        bus.publish(1);
        assertTrue(stuck.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        bus.drainAndClose(Duration.ofMillis(200));
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        release.countDown();
        assertTrue(waitedMs >= 150 && waitedMs < 5_000, "waited " + waitedMs + " ms");
    }

    @Test
    void drainAndCloseOfAnIdleBusReturnsAtOnce() {
        EventBus<Integer> bus = new EventBus<>();
        long t0 = System.nanoTime();
        bus.drainAndClose(Duration.ofSeconds(10));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
