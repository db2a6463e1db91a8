package org.siplims.core.container;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.siplims.core.UserFacingException;

/**
 * How much memory the app container may use: a share of what the engine has (the default; on
 * Docker Desktop that is its virtual machine's memory), or a fixed amount. A share leaves the
 * engine, and on Linux the rest of the computer, room to keep working when the app runs away.
 *
 * @param percent a share of the engine's memory, 1 to 100, or 0 when {@code bytes} is given
 * @param bytes   a fixed amount, or 0 when {@code percent} is given
 */
public record MemoryLimit(int percent, long bytes) {
    /** Three quarters of the engine's memory: room for large data, and a quarter left for the engine and the system. */
    public static final MemoryLimit DEFAULT = new MemoryLimit(75, 0);
    /** Below this the app (Python with Streamlit and pandas) cannot start at all. */
    public static final long MINIMUM_BYTES = 256L * 1024 * 1024;
    private static final Pattern AMOUNT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?");
    private static final Pattern SHARE = Pattern.compile("(\\d{1,3})\\s*%");

    public MemoryLimit {
        if ((percent == 0) == (bytes == 0) || percent < 0 || percent > 100 || bytes < 0) {
            throw new IllegalArgumentException("a memory limit is a share from 1 to 100 % or an amount: " + percent + "%, " + bytes);
        }
    }

    /**
     * Reads {@code 75%}, {@code 4g}, {@code 512m}, {@code 4 GiB}, {@code 2.5g} (units of 1024).
     *
     * @throws UserFacingException saying what is accepted
     */
    public static MemoryLimit parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher share = SHARE.matcher(t);
        if (share.matches()) {
            int p = Integer.parseInt(share.group(1));
            if (p >= 1 && p <= 100) {
                return new MemoryLimit(p, 0);
            }
        }
        Matcher amount = AMOUNT.matcher(t);
        if (amount.matches()) {
            double n = Double.parseDouble(amount.group(1));
            int shift = switch (amount.group(2)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            double bytes = n * (1L << shift);
            if (bytes >= MINIMUM_BYTES && bytes < Long.MAX_VALUE / 2) {
                return new MemoryLimit(0, (long) bytes);
            }
            throw new UserFacingException("The memory limit '" + text + "' is too small: the app needs at least 256 MB.",
                    "Give a share of Docker's memory such as 75%, or an amount such as 4g.");
        }
        throw new UserFacingException("'" + text + "' is not a memory limit.",
                "Give a share of Docker's memory such as 75%, or an amount such as 4g or 512m.");
    }

    /** The limit in bytes for an engine with this much memory (a fixed amount is capped at the engine's memory). */
    public long bytesFor(long engineMemory) {
        if (engineMemory <= 0) {
            return bytes > 0 ? bytes : 0; // the engine did not say: a share cannot be computed, so no limit rather than a guess
        }
        long limit = bytes > 0 ? Math.min(bytes, engineMemory) : engineMemory / 100 * percent + engineMemory % 100 * percent / 100;
        return Math.max(limit, Math.min(MINIMUM_BYTES, engineMemory));
    }

    @Override
    public String toString() {
        return percent > 0 ? percent + "%" : bytes / (1024 * 1024) + "m";
    }
}
