package org.siplims.publisher.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;

/**
 * Where output goes. Progress always goes to stderr. The final report goes to stdout, except
 * with {@code --json}: then stdout carries only the JSON record (so a script can parse it) and
 * the human report moves to stderr.
 */
public final class Console {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PrintStream out;
    private final PrintStream err;
    private final boolean json;

    public Console(PrintStream out, PrintStream err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    /** A line about what is happening now. */
    public void progress(String line) {
        err.println(line);
        err.flush();
    }

    /** The human report: stdout, or stderr when stdout is for JSON. */
    public void report(String text) {
        PrintStream target = json ? err : out;
        target.println(text);
        target.flush();
    }

    /** The machine-readable record, printed only with --json. */
    public void record(JsonNode record) {
        if (!json) {
            return;
        }
        try {
            out.println(JSON.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree always serialises", e);
        }
        out.flush();
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}
