package org.siplims.launcher.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.siplims.launcher.paths.HostFolder;
import org.siplims.launcher.status.Status;
import org.siplims.launcher.status.UpdateOffer;

/**
 * Renders the status page, classpath resource {@code web/index.html}, filling in its
 * placeholders, each HTML-escaped: {@code {{csrfToken}}} (for the page's
 * {@code <meta name="csrf-token">}), and for use without JavaScript {@code {{state}}},
 * {@code {{message}}} and {@code {{appUrl}}} (empty while the app is not ready), and the facts of
 * the Version, Updates and Folders boxes and the update offer, worded by {@link PageText} from the
 * same snapshot, so that the page as sent agrees with its state.
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
        Optional<UpdateOffer> offer = PageText.offer(status);
        String signature = PageText.signatureNote(status);
        return template
                .replace("{{csrfToken}}", escape(token.value()))
                .replace("{{imageVersion}}", escape(PageText.imageVersion(status)))
                .replace("{{imageCommit}}", escape(PageText.imageCommit(status)))
                .replace("{{imageBuilt}}", escape(PageText.imageBuilt(status)))
                .replace("{{imageDigest}}", escape(PageText.imageDigest(status)))
                .replace("{{imagePlatform}}", escape(PageText.imagePlatform(status)))
                .replace("{{dockerVersion}}", escape(PageText.dockerVersion(status)))
                .replace("{{signatureNote}}", escape(signature))
                .replace("{{updateText}}", escape(PageText.updateText(status)))
                .replace("{{updateError}}", escape(status.update().error().orElse("")))
                .replace("{{updateErrorHidden}}", status.update().error().isPresent() ? "" : "hidden")
                .replace("{{offerKind}}", offer.map(o -> o.kind().name()).orElse(""))
                .replace("{{offerHidden}}", offer.isPresent() ? "" : "hidden")
                .replace("{{offerText}}", escape(offer.map(UpdateOffer::headline).orElse("")))
                .replace("{{offerButton}}", escape(PageText.offerButton(offer)))
                .replace("{{offerExplain}}", escape(PageText.offerExplain(offer)))
                .replace("{{projectPath}}", escape(status.project().map(HostFolder::path).orElse("")))
                .replace("{{scriptsPath}}", escape(status.scripts().map(HostFolder::path).orElse("")))
                .replace("{{workflow}}", escape(status.workflow().orElse("")))
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
