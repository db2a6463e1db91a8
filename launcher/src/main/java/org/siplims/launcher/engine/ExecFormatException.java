package org.siplims.launcher.engine;

/**
 * The engine could not execute the image's program: it is built for another processor and this
 * engine cannot emulate it (the engine said "exec format error"). The lifecycle turns it into an
 * {@link EmulationMissingException}, which names both platforms for the person.
 */
public final class ExecFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public ExecFormatException(Throwable cause) {
        super("exec format error", cause);
    }
}
