package org.siplims.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what a registry says about an error: the distribution spec's error codes and Retry-After. */
final class RegistryErrors {
    private RegistryErrors() {
    }

    /** One entry of the body {@code {"errors":[{"code":..,"message":..}]}}. */
    record Error(String code, String message) {
    }

    /** The errors in a response body; empty when there is none or it is not the spec's JSON. */
    static List<Error> parse(byte[] body) {
        List<Error> errors = new ArrayList<>();
        if (body == null || body.length == 0) {
            return errors;
        }
        try {
            JsonNode root = new ObjectMapper().readTree(body);
            if (root != null) {
                for (JsonNode e : root.path("errors")) {
                    errors.add(new Error(e.path("code").asText(""), e.path("message").asText("")));
                }
            }
        } catch (IOException e) {
            // Not JSON (a proxy's HTML page, say): no codes.
        }
        return errors;
    }

    static boolean hasCode(List<Error> errors, String code) {
        return errors.stream().anyMatch(e -> e.code().equals(code));
    }

    /** The registry's own words, short, for a message: "manifest unknown; ...". */
    static String summary(List<Error> errors) {
        String text = String.join("; ", errors.stream()
                .map(e -> e.message().isEmpty() ? e.code() : e.message())
                .toList());
        return text.length() > 200 ? text.substring(0, 197) + "..." : text;
    }

    /** Retry-After as seconds or an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After").map(String::trim);
        if (header.isEmpty() || header.get().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.get()))));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(header.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(Instant.now(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            } catch (DateTimeParseException ignored) {
                return Optional.empty();
            }
        }
    }
}
