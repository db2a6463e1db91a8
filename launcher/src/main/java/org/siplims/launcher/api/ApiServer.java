package org.siplims.launcher.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.siplims.core.UserFacingException;
import org.siplims.launcher.lifecycle.ActionRefusedException;
import org.siplims.launcher.lifecycle.FolderChangeRefusedException;
import org.siplims.launcher.status.EventBus;
import org.siplims.launcher.paths.FolderBrowser;
import org.siplims.launcher.status.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's HTTP server on {@code 127.0.0.1:<status-port>}: the JSON API, the event stream and
 * the status page. Every request passes the {@link RequestGuard} first.
 *
 * <pre>
 * GET  /login?code=C     a one-time sign-in link (LoginLinks): sets the owner's cookie and sends the browser to /
 * GET  /                 the page (web/index.html with its placeholders filled in)
 * GET  /assets/*         static files from web/assets
 * GET  /api/status       the status as JSON
 * GET  /api/events       server-sent events named "status", data = the status JSON (needs Accept: text/event-stream)
 * GET  /api/logs?tail=N  the app's last N log lines as text (default 200, at most 10000)
 * GET  /api/folders?path=P  the folders in P (default: home) for the folder picker: {"path", "parent", "usable", "folders", "places"}
 * POST /api/project      {"path", "scripts", "workflow"}  → 202 + status, or 400 + {"error", "hint"} (+ "field" naming the bad one)
 * POST /api/start | /api/stop | /api/restart | /api/update | /api/quit  → 202 + status, or 409 + {"error", "hint"}
 * POST /api/update/check (only asks) | /api/update/skip (the offered release is not offered again)
 * </pre>
 * Every route but /assets/* and /login answers 401 unless the request carries the {@link OwnerSecret}
 * (cookie or bearer header); the page then shows a sentence only, no token and no status.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_LOG_LINES = 200;
    private static final int MAX_LOG_LINES = 10_000;
    /** The browser stays signed in for 30 days, across restarts of the launcher (the secret is kept). */
    private static final long COOKIE_MAX_AGE_SECONDS = 30L * 24 * 3600;

    private final int port;
    private final LauncherActions actions;
    private final RequestGuard guard;
    private final CsrfToken token;
    private final OwnerSecret secret;
    private final LoginLinks loginLinks;
    private final EventStream events;
    private final PageRenderer page;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "launcher-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
    private Javalin app;

    public ApiServer(int port, LauncherActions actions, EventBus<Status> changes, CsrfToken token, OwnerSecret secret,
                     LoginLinks loginLinks) {
        this.port = port;
        this.actions = actions;
        this.token = token;
        this.secret = secret;
        this.loginLinks = loginLinks;
        this.guard = new RequestGuard(port, token, secret);
        this.events = new EventStream(changes);
        this.page = new PageRenderer();
    }

    /**
     * Starts serving. Fast: nothing but Jetty is started.
     *
     * @throws UserFacingException when the port is taken (another launcher, most likely)
     */
    public void start() {
        requirePortFree();
        app = Javalin.create(this::configure);
        try {
            app.start();
        } catch (RuntimeException e) {
            if (causedByBind(e)) {
                throw portInUse(e);
            }
            throw e;
        }
        heartbeat.scheduleWithFixedDelay(events::heartbeat, 15, 15, TimeUnit.SECONDS);
    }

    /**
     * Builds, and never starts, a server like the launcher's and turns a status into JSON, so that
     * Javalin's, Jetty's and Jackson's classes are loaded and initialised: the head start that the
     * launcher's {@code WarmUp} runs on a second core while the command line is read. No port is
     * opened, no thread started, nothing leaves the JVM.
     */
    public static void warmUp() {
        OwnerSecret secret = OwnerSecret.ephemeral();
        ApiServer idle = new ApiServer(0, null, new EventBus<>(), CsrfToken.random(), secret,
                new LoginLinks(secret, java.time.Clock.systemUTC()));
        Javalin.create(config -> {
            idle.configure(config);
            config.startup.startupWatcherEnabled = false; // its thread would wait 5 s to say the server was never started
        });
        StatusJson.toJsonString(Status.initial(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    /** Javalin's configuration: the routes, static files, security headers and error answers. */
    private void configure(JavalinConfig config) {
        config.jetty.host = "127.0.0.1";
        config.jetty.port = port;
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.staticFiles.add(files -> {
            files.hostedPath = "/assets";
            files.directory = "/web/assets";
            files.location = Location.CLASSPATH;
        });
        config.routes.before(ctx -> {
            ctx.header("X-Frame-Options", "DENY"); // no clickjacking of the buttons
            // The page loads only its own files: no inline script or style, nothing from elsewhere.
            ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                    + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Cache-Control", "no-store");
            guard.check(ctx);
        });
        config.routes.before("/api/events", ctx -> {
            // Javalin answers an empty 200 otherwise; EventSource always sends this header.
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                throw new ApiRefusal(406, "/api/events is a stream of server-sent events.",
                        "Ask for it with the header Accept: text/event-stream (as EventSource does).");
            }
        });
        config.routes.after(ctx -> firstAnswer.complete(null));
        config.routes.get(LoginLinks.PATH, this::signIn);
        config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(page.render(actions.status(), token)));
        config.routes.get("/api/status", ctx -> json(ctx, 200, StatusJson.toJson(actions.status())));
        config.routes.get("/api/logs", this::logs);
        config.routes.get("/api/folders", ctx -> json(ctx, 200, folders(actions.listFolders(Optional.ofNullable(ctx.queryParam("path"))))));
        config.routes.sse("/api/events", client -> events.join(client, actions.status()));
        config.routes.post("/api/project", ctx -> accepted(ctx, actions.changeFolders(ProjectRequest.parse(ctx.body()))));
        config.routes.post("/api/start", ctx -> accepted(ctx, actions.start()));
        config.routes.post("/api/stop", ctx -> accepted(ctx, actions.stop()));
        config.routes.post("/api/restart", ctx -> accepted(ctx, actions.restart()));
        config.routes.post("/api/update", ctx -> accepted(ctx, actions.update()));
        config.routes.post("/api/update/check", ctx -> accepted(ctx, actions.checkForUpdates()));
        config.routes.post("/api/update/skip", ctx -> accepted(ctx, actions.skipUpdate()));
        config.routes.post("/api/quit", ctx -> accepted(ctx, actions.quit()));
        config.routes.exception(ApiRefusal.class, (e, ctx) -> {
            if (e.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"SIP LIMS launcher\"");
                if (!ctx.path().startsWith("/api/")) { // a browser: a page with the sentence, nothing else
                    ctx.status(401).contentType("text/html; charset=utf-8").result(PageRenderer.refusal(e.getMessage(), e.hint()));
                    return;
                }
            }
            error(ctx, e.status(), e.getMessage(), e.hint());
        });
        config.routes.exception(ActionRefusedException.class, (e, ctx) -> error(ctx, 409, e.getMessage(), e.hint()));
        config.routes.exception(FolderChangeRefusedException.class,
                (e, ctx) -> json(ctx, 400, errorBody(e.getMessage(), e.hint()).put("field", e.field())));
        config.routes.exception(UserFacingException.class, (e, ctx) -> error(ctx, 400, e.getMessage(), e.hint()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (cutOff(e)) { // the client sent less than its Content-Length said: its fault, not ours
                error(ctx, 400, "The request ended before its body was complete.", "Send the whole body, as long as Content-Length says.");
                return;
            }
            LOG.error("Unexpected failure serving {}", ctx.path(), e);
            error(ctx, 500, "Something unexpected went wrong in the launcher.", "Try again; the launcher's log has the details.");
        });
        config.routes.error(404, ctx -> {
            if (ctx.path().startsWith("/api/") && ctx.result() == null) {
                error(ctx, 404, "There is no " + ctx.method() + " " + ctx.path() + " in the launcher's API.", null);
            }
        });
    }

    /** Completes when the server has answered its first request (whatever it was). */
    public CompletableFuture<Void> firstAnswer() {
        return firstAnswer;
    }

    /** Checked before Jetty starts, so a taken port is one clear sentence, not Jetty's error log. */
    private void requirePortFree() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (IOException e) {
            throw portInUse(e);
        }
    }

    private UserFacingException portInUse(Exception cause) {
        return new UserFacingException("The launcher cannot use port " + port + " on this computer: it is already in use.",
                "Another launcher may be running: open http://localhost:" + port + "/ to see it. "
                        + "Or start this one with another --status-port.", cause);
    }

    /** True when reading the request failed because the client's connection ended early. */
    private static boolean cutOff(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Failed to bind")) {
                return true;
            }
        }
        return false;
    }

    /** The one-time link: a valid code sets the cookie (HttpOnly, SameSite=Strict) and goes on to the page. */
    private void signIn(Context ctx) {
        if (!loginLinks.redeem(ctx.queryParam("code"))) {
            throw new ApiRefusal(401, "This sign-in link has been used already, has expired, or was not made by this launcher.",
                    "Use the newest link the launcher printed or opened; to get a new one, quit the launcher and start it again.");
        }
        ctx.header("Set-Cookie", OwnerSecret.cookieName(port) + "=" + secret.value()
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + COOKIE_MAX_AGE_SECONDS);
        ctx.status(303).header("Location", "/");
    }

    /** A fresh one-time sign-in link for this server, e.g. {@code http://localhost:8500/login?code=…}. */
    public java.net.URI newSignInLink() {
        return java.net.URI.create("http://localhost:" + port + loginLinks.mint());
    }

    private void logs(Context ctx) throws InterruptedException {
        String tailText = ctx.queryParam("tail");
        int tail = DEFAULT_LOG_LINES;
        if (tailText != null) {
            try {
                tail = Integer.parseInt(tailText.trim());
            } catch (NumberFormatException e) {
                tail = -1;
            }
            if (tail < 1) {
                throw new ApiRefusal(400, "tail must be a whole number of lines, 1 or more, not '" + tailText + "'.", null);
            }
        }
        ctx.contentType("text/plain; charset=utf-8").result(actions.logs(Math.min(tail, MAX_LOG_LINES)));
    }

    /** The folder picker's listing: folders only, each marked usable by the folder rules. */
    private static ObjectNode folders(FolderBrowser.Listing l) {
        ObjectNode body = JSON.createObjectNode();
        body.put("path", l.path());
        body.put("parent", l.parent().orElse(null));
        body.put("usable", l.usable());
        body.put("truncated", l.truncated());
        var folders = body.putArray("folders");
        l.folders().forEach(e -> folders.addObject().put("name", e.name()).put("path", e.path()).put("usable", e.usable()));
        var places = body.putArray("places");
        l.places().forEach(p -> places.addObject().put("name", p.name()).put("path", p.path()));
        return body;
    }

    private static void accepted(Context ctx, Status status) {
        json(ctx, 202, StatusJson.toJson(status));
    }

    private static void json(Context ctx, int code, ObjectNode body) {
        ctx.status(code).contentType("application/json").result(body.toString());
    }

    private static void error(Context ctx, int code, String message, String hint) {
        json(ctx, code, errorBody(message, hint));
    }

    private static ObjectNode errorBody(String message, String hint) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        body.put("hint", hint == null || hint.isEmpty() ? null : hint);
        return body;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        events.closeAll();
        if (app != null) {
            app.stop();
        }
    }
}
