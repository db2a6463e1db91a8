package org.siplims.launcher.status;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to subscribers on one thread of its own, in the order they were published, so a
 * slow subscriber (a browser on a slow connection) never holds up the launcher's work.
 */
public final class EventBus<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<Consumer<T>> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "launcher-events");
        t.setDaemon(true);
        return t;
    });

    public Runnable subscribe(Consumer<T> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public void publish(T event) {
        try {
            delivery.execute(() -> {
                for (Consumer<T> s : subscribers) {
                    try {
                        s.accept(event);
                    } catch (RuntimeException e) {
                        LOG.debug("A subscriber failed on an event", e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed: the launcher is exiting and nobody listens any more.
        }
    }

    /**
     * Delivers what was published so far, then stops: returns as soon as the last event has reached
     * every subscriber, or after {@code patience} at most (a subscriber stuck on a dead connection).
     * Later events are dropped. What quitting uses instead of a fixed pause.
     */
    public void drainAndClose(java.time.Duration patience) {
        delivery.shutdown();
        try {
            delivery.awaitTermination(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        delivery.shutdown();
    }
}
