package org.siplims.core.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream to its end, keeping at most {@code cap} bytes: the first half and the last half.
 * It always reads on, so a child writing more than the cap never blocks on a full pipe.
 */
final class BoundedCapture {
    private final int headCap;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail;
    private int tailStart;
    private int tailLength;
    private long dropped;

    BoundedCapture(int cap) {
        this.headCap = cap - cap / 2;
        this.tail = new byte[cap / 2];
    }

    void readAll(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            add(buffer, n);
        }
    }

    private synchronized void add(byte[] buffer, int n) {
        int offset = 0;
        int toHead = Math.min(n, headCap - head.size());
        if (toHead > 0) {
            head.write(buffer, 0, toHead);
            offset = toHead;
        }
        for (int i = offset; i < n; i++) {
            if (tail.length == 0) {
                dropped++;
                continue;
            }
            if (tailLength == tail.length) {
                tail[tailStart] = buffer[i];
                tailStart = (tailStart + 1) % tail.length;
                dropped++;
            } else {
                tail[(tailStart + tailLength) % tail.length] = buffer[i];
                tailLength++;
            }
        }
    }

    synchronized boolean cut() {
        return dropped > 0;
    }

    synchronized byte[] bytes() {
        byte[] all = new byte[head.size() + tailLength];
        System.arraycopy(head.toByteArray(), 0, all, 0, head.size());
        for (int i = 0; i < tailLength; i++) {
            all[head.size() + i] = tail[(tailStart + i) % tail.length];
        }
        return all;
    }
}
