package org.siplims.core.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235), for example
 * {@code Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"}.
 * The scheme is lower-cased; parameter names are lower-cased; values keep their case.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Parses a header value into its challenges. Values may be quoted (with backslash escapes and
     * commas inside, as scopes have: {@code "repository:a:pull,push"}) or plain tokens. A header
     * may hold several challenges; a new one starts where a token is followed by a space rather
     * than by {@code =}. Malformed pieces are skipped rather than failing: the caller decides what
     * to do when no usable challenge is left.
     */
    public static List<AuthChallenge> parse(String header) {
        List<AuthChallenge> result = new ArrayList<>();
        if (header == null) {
            return result;
        }
        Lexer in = new Lexer(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            in.skip(" \t,");
            if (in.atEnd()) {
                break;
            }
            String token = in.token();
            if (token.isEmpty()) {
                in.pos++; // an unexpected character: skip it
                continue;
            }
            int mark = in.pos;
            in.skip(" \t");
            if (scheme != null && in.peek() == '=') {
                in.pos++;
                in.skip(" \t");
                String value = in.peek() == '"' ? in.quoted() : in.token();
                params.put(token.toLowerCase(Locale.ROOT), value);
            } else {
                in.pos = mark;
                if (scheme != null) {
                    result.add(new AuthChallenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
            }
        }
        if (scheme != null) {
            result.add(new AuthChallenge(scheme, params));
        }
        return result;
    }

    private static final class Lexer {
        final String text;
        int pos;

        Lexer(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return atEnd() ? 0 : text.charAt(pos);
        }

        void skip(String chars) {
            while (!atEnd() && chars.indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
        }

        /** An RFC 7230 token. */
        String token() {
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) || "!#$%&'*+-.^_`|~".indexOf(peek()) >= 0)) {
                pos++;
            }
            return text.substring(start, pos);
        }

        String quoted() {
            StringBuilder value = new StringBuilder();
            pos++; // opening quote
            while (!atEnd() && peek() != '"') {
                if (peek() == '\\' && pos + 1 < text.length()) {
                    pos++;
                }
                value.append(text.charAt(pos++));
            }
            pos++; // closing quote (or past the end when missing)
            return value.toString();
        }
    }
}
