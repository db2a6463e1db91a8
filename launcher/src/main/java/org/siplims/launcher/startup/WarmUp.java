package org.siplims.launcher.startup;

import org.siplims.launcher.api.ApiServer;

/**
 * Loads and initialises, on the second core, the libraries the status server needs (Javalin with
 * Jetty and Kotlin, Jackson), while the main thread reads the command line: picocli's classes are
 * Java 5 class files, which class-data sharing cannot archive, so reading the command line is the
 * slowest step before the page answers (about 0.15 s of 0.55 s). Nothing here has an effect
 * outside the JVM (see {@link ApiServer#warmUp}).
 *
 * <p>The main thread {@linkplain #await waits} for it before it touches those libraries itself,
 * so no class is initialised by two threads at once.
 */
public final class WarmUp {
    /** No warm-up (tests, and anything that builds a LaunchCommand itself). */
    public static final WarmUp NONE = new WarmUp(null);

    private final Thread thread;

    private WarmUp(Thread thread) {
        this.thread = thread;
    }

    private static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /** Starts warming up; {@code Main} does this first thing. */
    public static WarmUp begin() {
        // Jetty pads its queues to the cache line by the size of an object reference. Unless told,
        // it asks the JMX platform server for that, which costs tens of milliseconds before the page
        // can answer. 16 references per 64-byte line = compressed references (heaps under 32 GB).
        // Set before the warm-up thread touches Jetty.
        System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE, "16"));
        Thread t = new Thread(WarmUp::run, "launcher-warm-up");
        t.setDaemon(true);
        t.start();
        return new WarmUp(t);
    }

    private static void run() {
        try {
            ApiServer.warmUp();
        } catch (RuntimeException | LinkageError e) {
            // Only a head start: the main thread does the real work and reports real problems.
        }
    }

    /**
     * Waits until the warm-up is done: shorter than reading the command line, so hardly ever at all.
     * Without a limit, so that no class is ever initialised by two threads at once.
     */
    public void await() {
        if (thread == null) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
