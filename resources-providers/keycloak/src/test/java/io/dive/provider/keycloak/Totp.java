package io.dive.provider.keycloak;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A one-time code as an authenticator app computes it (RFC 6238 with Keycloak's default policy: HMAC-SHA1,
 * 6 digits, 30 s). The key is the secret as Keycloak's OTP setup page holds it in its totpSecret field
 * (Keycloak keys the HMAC with that text's bytes; the app gets the same bytes base32-encoded).
 */
final class Totp {

    private Totp() {
    }

    static String now(String secret) throws Exception {
        long counter = System.currentTimeMillis() / 1000 / 30;
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
        int offset = h[h.length - 1] & 0xf;
        int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
        return String.format("%06d", binary % 1_000_000);
    }
}
