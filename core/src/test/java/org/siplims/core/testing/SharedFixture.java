package org.siplims.core.testing;

import java.util.Optional;

/**
 * A slow fixture several test methods share (a built image, a published release, a running
 * launcher), made by whichever method asks first, whatever the order the methods run in. It is
 * made once: when making it fails, every method that asks fails with the same cause instead of
 * trying again. Hold it in a static field and close it in {@code @AfterAll} with {@link #close}.
 */
public final class SharedFixture<T> {
    /** Makes the fixture; may throw anything. */
    @FunctionalInterface
    public interface Maker<T> {
        T make() throws Exception;
    }

    /** Tidies the fixture up. */
    @FunctionalInterface
    public interface Closer<T> {
        void close(T value) throws Exception;
    }

    private final Maker<T> maker;
    private boolean made;
    private T value;
    private Throwable failure;

    private SharedFixture(Maker<T> maker) {
        this.maker = maker;
    }

    public static <T> SharedFixture<T> of(Maker<T> maker) {
        return new SharedFixture<>(maker);
    }

    /** The fixture, made now if no method asked for it before. */
    public synchronized T get() {
        if (!made) {
            made = true;
            try {
                value = maker.make();
            } catch (Throwable t) {
                failure = t;
            }
        }
        if (failure != null) {
            throw new IllegalStateException("The shared fixture could not be made", failure);
        }
        return value;
    }

    /** The fixture if a method made it. */
    public synchronized Optional<T> ifMade() {
        return made && failure == null ? Optional.ofNullable(value) : Optional.empty();
    }

    /** Closes the fixture if it was made, and forgets it (the next {@link #get} makes a new one). */
    public synchronized void close(Closer<T> closer) throws Exception {
        Optional<T> current = ifMade();
        made = false;
        value = null;
        failure = null;
        if (current.isPresent()) {
            closer.close(current.get());
        }
    }
}
