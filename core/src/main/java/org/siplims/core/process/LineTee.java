package org.siplims.core.process;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Passes a child's output through unchanged, and hands each complete line (UTF-8, without its end) to a listener. */
final class LineTee extends FilterInputStream {
    /** A line longer than this is handed on in pieces, so a child without newlines cannot fill the memory. */
    private static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> listener;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineTee(InputStream in, Consumer<String> listener) {
        super(in);
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b == -1) {
            flush();
        } else {
            add((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n == -1) {
            flush();
        }
        for (int i = 0; i < n; i++) {
            add(buffer[offset + i]);
        }
        return n;
    }

    private void add(byte b) {
        if (b == '\n' || line.size() >= MAX_LINE) {
            flush();
            if (b == '\n') {
                return;
            }
        }
        line.write(b);
    }

    private void flush() {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        try {
            listener.accept(text);
        } catch (RuntimeException ignored) {
            // a listener's failure must not stop the output being read (the child would block on a full pipe)
        }
    }
}
