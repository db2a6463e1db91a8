package org.siplims.core.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * DSSE's pre-authentication encoding: what a DSSE envelope's signatures actually sign, so that the
 * payload type is signed along with the payload and cannot be swapped.
 * {@code "DSSEv1" SP len(type) SP type SP len(body) SP body}, lengths in ASCII decimal bytes.
 */
final class Dsse {
    private Dsse() {
    }

    static byte[] pae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
