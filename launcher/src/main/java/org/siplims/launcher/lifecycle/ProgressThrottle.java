package org.siplims.launcher.lifecycle;

import java.util.function.Consumer;
import org.siplims.launcher.status.PullProgress;

/**
 * Passes pull progress on at most a few times a second (and always the first and the last), so the
 * event stream carries one event per visible change, not one per network packet.
 */
final class ProgressThrottle implements Consumer<PullProgress> {
    private static final long MIN_INTERVAL_NANOS = 250_000_000L;
    private final Consumer<PullProgress> target;
    private long last = Long.MIN_VALUE;

    ProgressThrottle(Consumer<PullProgress> target) {
        this.target = target;
    }

    @Override
    public void accept(PullProgress p) {
        long now = System.nanoTime();
        boolean finished = p.bytesTotal() > 0 && p.bytesDone() >= p.bytesTotal();
        if (last == Long.MIN_VALUE || finished || now - last >= MIN_INTERVAL_NANOS) {
            last = now;
            target.accept(p);
        }
    }
}
