package org.siplims.publisher.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;

/**
 * Where output goes. Progress always goes to stderr. The final report goes to stdout, except
 * with {@code --json}: then stdout carries only the JSON record (so a script can parse it) and
 * the human report moves to stderr.
 */
public final class Console {
    /**
     * The one configuration every {@code --json} record is written with: each command's record is
     * a Java record, and its components, in order, are the JSON fields.
     */
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

    /** The machine-readable record (a Java record whose components are the fields), printed only with --json. */
    public void record(Record record) {
        if (!json) {
            return;
        }
        out.println(json(record));
        out.flush();
    }

    /** The record as the --json output prints it. */
    public static String json(Record record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record of strings, numbers and lists always serialises", e);
        }
    }
}
