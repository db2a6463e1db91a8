package org.siplims.launcher.console;

import java.util.Locale;
import org.siplims.launcher.status.PullProgress;

/** Draws pull progress as text: {@code [##########----------]  52%  134.2 MB of 257.0 MB}. */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private ProgressBar() {
    }

    public static String render(PullProgress p) {
        int percent = p.percent();
        int filled = percent * WIDTH / 100;
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", percent) + "  " + bytes(p.bytesDone()) + " of " + bytes(p.bytesTotal());
    }

    /** Bytes in the units people read: kB, MB, GB (powers of 1000, as Docker shows them). */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int unit = -1;
        while (v >= 1000 && unit < units.length - 1) {
            v /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }
}
