package org.siplims.core.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import org.siplims.core.UserFacingException;

/**
 * The engine answered, but refused or failed a request: its reason as a sentence naming the engine,
 * and what to do about it. Docker answers {@code {"message": …}}, Podman
 * {@code {"cause": …, "message": …, "response": 500}}; docker-java puts that body after
 * "Status 500: " in its exception's text, which never reaches a person as it is.
 */
public class EngineRefusedException extends UserFacingException {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String reason;

    public EngineRefusedException(String engine, String reason, Throwable cause) {
        super(engine + " refused the request: " + sentence(reason), hint(engine, reason), cause);
        this.reason = reason;
    }

    /** The engine's own words, without docker-java's status prefix or JSON. */
    public String reason() {
        return reason;
    }

    /** The engine's reason from a docker-java exception text such as {@code Status 500: {"cause":…,"message":…}}. */
    public static String reasonFrom(String exceptionText) {
        if (exceptionText == null || exceptionText.isBlank()) {
            return "it gave no reason";
        }
        String text = exceptionText.strip();
        while (text.matches("(?s)Status \\d+: .*")) {
            text = text.substring(text.indexOf(':') + 1).strip();
        }
        if (text.startsWith("{")) {
            try {
                JsonNode body = JSON.readTree(text);
                String message = body.path("message").asText("");
                String cause = body.path("cause").asText("");
                if (!message.isBlank()) {
                    return message.strip();
                }
                if (!cause.isBlank()) {
                    return cause.strip();
                }
            } catch (Exception notJson) {
                // not the engine's JSON after all: its text as it is
            }
        }
        return text;
    }

    /** What to do, for the causes seen on users' engines; otherwise restarting the engine. */
    static String hint(String engine, String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("catatonit") || r.contains("container-init binary")) {
            return "Podman needs its small init program: install the package catatonit (on Debian or Ubuntu: "
                    + "sudo apt-get install catatonit), then use Restart on the status page.";
        }
        if (r.contains("ulimit") || r.contains("rlimit")) {
            return "The engine asks for more open files or processes than this computer allows. For Podman, put "
                    + "[containers] and default_ulimits = [] into ~/.config/containers/containers.conf and restart Podman; "
                    + "then use Restart on the status page.";
        }
        if (r.contains("is too new") || r.contains("maximum supported api version")) {
            return "The engine (" + engine + ") is older than the launcher supports: update it (Docker Desktop, Podman, "
                    + "Rancher Desktop, Colima or OrbStack), then use Restart.";
        }
        if (r.contains("no space left")) {
            return "The disk is full: free some space (for example `docker system prune` removes unused images), then use Restart.";
        }
        return "Use Restart on the status page. If it happens again, restart " + engine
                + ", and if that does not help, send the launcher's log to the maintainer.";
    }

    private static String sentence(String reason) {
        String r = reason.strip();
        return r.endsWith(".") ? r : r + ".";
    }
}
