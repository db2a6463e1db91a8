package org.siplims.launcher.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.siplims.launcher.status.Status;

/**
 * Renders the status page, classpath resource {@code web/index.html}, filling in its
 * placeholders, each HTML-escaped: {@code {{csrfToken}}} (for the page's
 * {@code <meta name="csrf-token">}), and for use without JavaScript {@code {{state}}},
 * {@code {{message}}} and {@code {{appUrl}}} (empty while the app is not ready).
 */
final class PageRenderer {
    static final String RESOURCE = "web/index.html";
    private final String template;

    PageRenderer() {
        try (InputStream in = PageRenderer.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The launcher was built without " + RESOURCE);
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(Status status, CsrfToken token) {
        return template
                .replace("{{csrfToken}}", escape(token.value()))
                .replace("{{state}}", escape(status.state().name()))
                .replace("{{message}}", escape(status.message()))
                .replace("{{appUrl}}", escape(status.appUrl().map(Object::toString).orElse("")));
    }

    /** The page a request without the owner's cookie gets: the sentence and what to do, no token, no status. */
    static String refusal(String message, String hint) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SIP LIMS launcher</title>"
                + "<link rel=\"stylesheet\" href=\"/assets/launcher.css\"></head><body><main><h1>SIP LIMS launcher</h1>"
                + "<p id=\"refusal\">" + escape(message) + "</p><p id=\"refusal-hint\">" + escape(hint) + "</p></main></body></html>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
