package org.siplims.launcher.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The warm-up builds a server without starting it: it leaves no thread and no listening socket behind. */
class ApiServerWarmUpTest {
    @Test
    void startsNoThreadAndOpensNoPort() throws Exception {
        Set<String> threadsBefore = threadNames();
        String listeningBefore = listening();
        ApiServer.warmUp();
        Thread.sleep(200); // anything it started would be running by now
        assertEquals(threadsBefore, threadNames(), "threads");
        assertEquals(listeningBefore, listening(), "listening TCP sockets of this machine");
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }

    /** The local addresses of listening TCP sockets (state 0A), from /proc/net/tcp and tcp6. */
    private static String listening() throws Exception {
        StringBuilder s = new StringBuilder();
        for (String f : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            Path p = Path.of(f);
            assertTrue(Files.isReadable(p), f);
            for (String line : Files.readAllLines(p)) {
                String[] cols = line.trim().split("\\s+");
                if (cols.length > 3 && cols[3].equals("0A")) {
                    s.append(cols[1]).append('\n');
                }
            }
        }
        return s.toString();
    }
}
