package org.siplims.launcher.console;

import java.io.PrintStream;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import org.siplims.core.image.Digest;
import org.siplims.launcher.status.UpdateOffer;
import org.siplims.launcher.status.LauncherState;
import org.siplims.launcher.status.PullProgress;
import org.siplims.launcher.status.Status;

/**
 * What a user who never opens the status page sees in the terminal: each state change with its
 * message, a progress bar while pulling (redrawn in place on a terminal, a line per tenth
 * otherwise), and a line when an update becomes available.
 */
public final class ConsoleReporter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private final PrintStream out;
    private final boolean terminal;
    private final Clock clock;
    private LauncherState lastState;
    private String lastMessage;
    private boolean barShown;
    private int lastTenth = -1;
    /** The offered release last announced, so each offer is told once. */
    private Digest announced;

    public ConsoleReporter(PrintStream out, boolean terminal, Clock clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** The two addresses, printed once at start. */
    public synchronized void announce(String statusUrl, String appUrl) {
        out.println("SIP LIMS launcher");
        out.println("  Status page:       " + statusUrl);
        out.println("  Workflow manager:  " + appUrl + "  (once it is ready)");
        out.println("  Quit with Ctrl+C; the workflow manager is stopped with it.");
        out.flush();
    }

    /** The one-time link that signs a browser in to the status page (only this user sees their console). */
    public synchronized void signInLink(String link) {
        endBar();
        out.println("  Open the status page with this one-time link: " + link);
        out.flush();
    }

    public synchronized void warn(String warning) {
        endBar();
        out.println("Warning: " + warning);
        out.flush();
    }

    public synchronized void accept(Status s) {
        if (s.state() != lastState || !Objects.equals(s.message(), lastMessage)) {
            endBar();
            lastTenth = -1;
            String time = time();
            String[] lines = s.message().split("\\R");
            out.println(time + "  " + String.format("%-18s", s.state()) + " " + lines[0]);
            for (int i = 1; i < lines.length; i++) {
                out.println("            " + lines[i]);
            }
            lastState = s.state();
            lastMessage = s.message();
        }
        if (s.state() == LauncherState.PULLING && s.pull().isPresent()) {
            progress(s.pull().get());
        }
        Optional<UpdateOffer> offer = s.state() == LauncherState.RUNNING ? s.update().offer() : Optional.empty();
        if (offer.isPresent() && !offer.get().digest().equals(announced)) {
            // With the time and the versions (never a bare digest), on a line of its own.
            endBar();
            announced = offer.get().digest();
            String choose = offer.get().kind() == UpdateOffer.Kind.WITHDRAWN ? "Go back" : "Update now";
            out.println(time() + "  " + String.format("%-18s", "OFFER") + " " + offer.get().headline()
                    + ". Open the status page and choose " + choose + " when it suits you, or Skip this version.");
        } else if (!s.update().available()) {
            announced = null;
        }
        out.flush();
    }

    private String time() {
        return TIME.format(clock.instant().atZone(ZoneId.systemDefault()));
    }

    private void progress(PullProgress p) {
        if (p.bytesTotal() <= 0) {
            return;
        }
        if (terminal) {
            out.print("\r          " + ProgressBar.render(p));
            barShown = true;
        } else {
            int tenth = p.percent() / 10;
            if (tenth != lastTenth) {
                lastTenth = tenth;
                out.println("          " + ProgressBar.render(p));
            }
        }
    }

    private void endBar() {
        if (barShown) {
            out.println();
            barShown = false;
        }
    }
}
