package org.siplims.core.signing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM (RFC 7468) blocks: {@code -----BEGIN LABEL-----}, base64 of DER, {@code -----END LABEL-----}.
 * Text outside blocks is ignored, as OpenSSL does, so a key file may carry a comment.
 */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END ([A-Z0-9 ]+)-----", Pattern.DOTALL);

    record Block(String label, byte[] der) {
    }

    private Pem() {
    }

    /** One block, 64 base64 characters a line, ending with a newline. */
    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * Every block in the text, in order.
     *
     * @throws IllegalArgumentException when a block's END label differs from its BEGIN label or its
     *                                  body is not base64 (with a message naming the label)
     */
    static List<Block> decode(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            if (!label.equals(m.group(3))) {
                throw new IllegalArgumentException("a PEM block begins as " + label + " but ends as " + m.group(3));
            }
            String body = m.group(2).replaceAll("\\s", "");
            if (body.contains(":")) {
                // RFC 1421 headers (Proc-Type/DEK-Info): OpenSSL's legacy encryption, not PKCS#8.
                throw new IllegalArgumentException("the " + label + " block uses OpenSSL's legacy encryption headers");
            }
            try {
                blocks.add(new Block(label, Base64.getDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + label + " block is not valid base64");
            }
        }
        return blocks;
    }
}
