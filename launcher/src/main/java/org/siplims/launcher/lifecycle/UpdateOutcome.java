package org.siplims.launcher.lifecycle;

import org.siplims.launcher.engine.RunnableImage;

/** What came of an update the user asked for ({@link UpdateSwitch#checkAndApply}). */
sealed interface UpdateOutcome {
    /** The registry did not answer; nothing changed. */
    record CheckFailed(String why) implements UpdateOutcome {
    }

    /** The release running is the newest. */
    record UpToDate(RunnableImage running) implements UpdateOutcome {
    }

    /** The newest release's signature was refused: nothing was downloaded, the running version keeps running. */
    record Refused(RunnableImage running, String why) implements UpdateOutcome {
    }

    /** No app serves to update in place: the caller brings the app up, which runs the newest release. */
    record NotServing() implements UpdateOutcome {
    }

    /** The app now runs the newer release. */
    record Switched(RunnableImage from, RunnableImage to) implements UpdateOutcome {
    }

    /** The newer release did not start properly; the previous one runs again. */
    record RolledBack(RunnableImage previous, RunnableImage failed, String why) implements UpdateOutcome {
    }
}
