package org.siplims.launcher.status;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Holds the current {@link Status} and announces every change on the {@link EventBus}. Updates are
 * functions of the previous snapshot, so concurrent writers (the worker, the container watcher,
 * the update checker) never lose each other's changes.
 */
public final class StatusStore {
    private final AtomicReference<Status> current;
    private final EventBus<Status> changes;

    public StatusStore(Status initial, EventBus<Status> changes) {
        this.current = new AtomicReference<>(initial);
        this.changes = changes;
    }

    public Status get() {
        return current.get();
    }

    /** Applies a change (only {@link StateMachine} calls this); announces the new snapshot when it differs from the old one. */
    Status update(UnaryOperator<Status> change) { // package-private: every change goes through StateMachine
        Status before;
        Status after;
        synchronized (this) {
            // Synchronized rather than a CAS loop: announcements must leave in the order of the changes.
            before = current.get();
            after = change.apply(before);
            current.set(after);
            if (!after.equals(before)) {
                changes.publish(after);
            }
        }
        return after;
    }

    public EventBus<Status> changes() {
        return changes;
    }
}
