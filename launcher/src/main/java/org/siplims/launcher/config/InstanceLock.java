package org.siplims.launcher.config;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.siplims.core.UserFacingException;

/**
 * One launcher per user: a lock on {@code launcher.lock} in the settings folder, holding the
 * status page's address. A second launcher started by the same user (even on another status port)
 * is refused with the first one's page, instead of fighting over the app container. The lock is
 * the operating system's, so it goes with the process, however that ends (even SIGKILL).
 */
public final class InstanceLock implements AutoCloseable {
    static final String FILE = "launcher.lock";
    /** Locked far past the text, so the text stays readable where locks are mandatory (Windows). */
    private static final long REGION = 1L << 40;

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws UserFacingException when another launcher of this user holds the lock, naming its page
     */
    public static InstanceLock acquire(Path settingsDirectory, URI statusUrl) {
        Path file = settingsDirectory.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(settingsDirectory);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock(REGION, 1, false);
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String other = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
                channel.close();
                String page = other.startsWith("http://") && other.length() < 200 ? other : "its status page";
                throw new UserFacingException("The launcher is already running for this user: its status page is " + page + ".",
                        "Open " + page + " to use it, or quit it (Ctrl+C, or Quit on its page) before starting another one.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((statusUrl + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new InstanceLock(channel, lock);
        } catch (IOException e) {
            // A settings folder that cannot be locked (read-only, odd file system) must not stop the launcher.
            closeQuietly(channel);
            return new InstanceLock(null, null);
        }
    }

    @Override
    public void close() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException ignored) {
            // the channel closes below, which releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
