package org.siplims.core.release;

/**
 * The image labels both programs read and write: the OCI annotations that standard tools show,
 * plus the project's own, which the launcher trusts for what it reports to users.
 */
public final class ReleaseLabels {
    private ReleaseLabels() {
    }

    // OCI image-spec annotations (github.com/opencontainers/image-spec/blob/main/annotations.md).
    public static final String OCI_TITLE = "org.opencontainers.image.title";
    public static final String OCI_VERSION = "org.opencontainers.image.version";
    public static final String OCI_REVISION = "org.opencontainers.image.revision";
    public static final String OCI_CREATED = "org.opencontainers.image.created";
    public static final String OCI_SOURCE = "org.opencontainers.image.source";

    // The project's own.
    private static final String PREFIX = "org.siplims.release.";
    public static final String VERSION = PREFIX + "version";
    public static final String COMMIT = PREFIX + "commit";
    public static final String BUILD_DATE = PREFIX + "build-date";
    public static final String DIRTY = PREFIX + "dirty";
    public static final String CONDA_LOCK_SHA256 = PREFIX + "conda-lock.sha256";
    public static final String REQUIREMENTS_LOCK_SHA256 = PREFIX + "requirements-lock.sha256";
    /**
     * The release notes: the annotated tag's message. A Dockerfile {@code LABEL} cannot hold a line
     * break, so breaks are written as {@code \n} and backslashes doubled ({@link #encodeNotes}).
     */
    public static final String NOTES = PREFIX + "notes";
    /** Notes are for a few paragraphs on the status page, not a changelog: longer ones are cut. */
    public static final int MAX_NOTES_CHARS = 4000;

    /** Build args the Dockerfile receives, named as the maintainer's Dockerfile names them. */
    public static final String ARG_VERSION = "APP_VERSION";
    public static final String ARG_COMMIT = "COMMIT_SHA";
    public static final String ARG_BUILD_DATE = "BUILD_DATE";

    /** The notes as the label stores them: trimmed, cut to {@link #MAX_NOTES_CHARS}, one line. */
    public static String encodeNotes(String notes) {
        String text = notes.strip().replace("\r\n", "\n").replace('\r', '\n');
        if (text.length() > MAX_NOTES_CHARS) {
            text = text.substring(0, MAX_NOTES_CHARS - 1) + "…";
        }
        return text.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** The notes from the label's text (the reverse of {@link #encodeNotes}), again capped. */
    public static String decodeNotes(String label) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < label.length() && out.length() < MAX_NOTES_CHARS; i++) {
            char c = label.charAt(i);
            if (c == '\\' && i + 1 < label.length()) {
                char next = label.charAt(++i);
                out.append(next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString().strip();
    }
}
