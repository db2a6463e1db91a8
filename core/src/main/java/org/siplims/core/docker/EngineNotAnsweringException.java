package org.siplims.core.docker;

import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The engine is there but did not reply in time: a hung or overloaded Docker. A kind of
 * {@link DockerUnavailableException}, so every caller that copes with a missing engine copes with
 * this one too; the sentence tells the two apart.
 */
public final class EngineNotAnsweringException extends DockerUnavailableException {
    private static final long serialVersionUID = 1L;

    public EngineNotAnsweringException(String where, Duration waited, Throwable cause) {
        super("Docker is not answering: it did not reply " + (waited.isZero() ? "in time" : "within " + Math.max(1, waited.toSeconds()) + " s")
                        + " (at " + where + ").",
                "Docker may be busy or stuck. The workflow manager keeps running meanwhile; if this goes on for minutes, "
                        + "restart Docker Desktop (or the Docker service).", cause);
    }

    /** Whether a failed engine call ran out of time waiting for the engine's reply. */
    public static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof EngineNotAnsweringException) {
                return true;
            }
        }
        return false;
    }
}
