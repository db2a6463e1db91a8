package org.siplims.launcher.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Set;

/**
 * The API's security rules, checked before any handler:
 * <ul>
 * <li>Only requests whose {@code Host} is localhost, 127.0.0.1 or [::1] with the status port are
 * served. A web page that points its own host name at 127.0.0.1 (DNS rebinding) sends its own
 * name as Host, and gets 403.</li>
 * <li>Every request but the static files and the sign-in link must come from the user who started
 * the launcher: with the {@link OwnerSecret} as the HttpOnly cookie the sign-in link set, or as
 * {@code Authorization: Bearer <secret>} (scripts); else 401. Other accounts on the same computer
 * cannot read the secret file, so they cannot read the page's CSRF token either.</li>
 * <li>A POST whose {@code Origin} is not the launcher's own gets 403: another site's page cannot act.</li>
 * <li>Every POST needs {@code X-CSRF-Token} equal to this run's token, else 403.</li>
 * </ul>
 */
final class RequestGuard {
    private final Set<String> allowedHosts;
    private final Set<String> allowedOrigins;
    private final CsrfToken token;
    private final OwnerSecret secret;
    private final String cookieName;

    RequestGuard(int statusPort, CsrfToken token, OwnerSecret secret) {
        this.secret = secret;
        this.cookieName = OwnerSecret.cookieName(statusPort);
        this.allowedHosts = Set.of("localhost:" + statusPort, "127.0.0.1:" + statusPort, "[::1]:" + statusPort);
        this.allowedOrigins = Set.of("http://localhost:" + statusPort, "http://127.0.0.1:" + statusPort, "http://[::1]:" + statusPort);
        this.token = token;
    }

    void check(Context ctx) {
        String host = ctx.header("Host");
        if (host == null || !allowedHosts.contains(host.trim().toLowerCase(Locale.ROOT))) {
            throw new ApiRefusal(403, "This launcher only answers requests addressed to localhost, 127.0.0.1 or [::1] "
                    + "on its own port.", "Open the address the launcher printed, for example http://localhost:" + portOf() + "/.");
        }
        if (!ctx.path().startsWith("/assets/") && !ctx.path().equals(LoginLinks.PATH) && !fromOwner(ctx)) {
            throw new ApiRefusal(401, "This launcher belongs to the person who started it; the request did not come from them.",
                    "If you started it, open the link it printed (or opened) when it started, or quit it and start it again. "
                            + "Scripts send the secret from the file " + OwnerSecret.FILE + " in the settings folder as "
                            + "'Authorization: Bearer <secret>'.");
        }
        if (ctx.method() == HandlerType.POST) {
            String origin = ctx.header("Origin");
            if (origin != null && !allowedOrigins.contains(origin.trim().toLowerCase(Locale.ROOT))) {
                throw new ApiRefusal(403, "Requests from other web sites are refused.", "Use the launcher's own status page.");
            }
            if (!token.matches(ctx.header(CsrfToken.HEADER))) {
                throw new ApiRefusal(403, "The request has no valid " + CsrfToken.HEADER + " header.",
                        "Reload the status page and try again; other programs must send the token from the page's csrf-token meta tag.");
            }
        }
    }

    private boolean fromOwner(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return secret.matches(authorization.substring(7).trim());
        }
        return secret.matches(ctx.cookie(cookieName));
    }

    private String portOf() {
        String any = allowedHosts.iterator().next();
        return any.substring(any.lastIndexOf(':') + 1);
    }
}
