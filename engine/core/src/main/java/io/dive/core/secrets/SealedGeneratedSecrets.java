package io.dive.core.secrets;

import io.dive.spi.DiveException;
import io.dive.spi.state.SecretVault;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generated secrets and the fingerprint key kept in the state backend ({@link SecretVault}), so that
 * every runner of the topology (CI, a cron host, a second checkout) finds the same ones. Each value is
 * sealed with AES-256-GCM under a key derived from the operator's state key ({@code DIVE_STATE_KEY} or
 * the manifest's {@code state.key}, itself from a secret source); the topology and the name are the
 * associated data, so a sealed value cannot be moved to another name or topology unnoticed. The
 * backend sees only sealed bytes; a wrong state key is an error naming it, never a silent new secret.
 */
public final class SealedGeneratedSecrets implements GeneratedSecrets {

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private final SecretVault vault;
    private final SecretKeySpec key;
    private final String topology;
    private final String where;

    /** @param stateKey the operator's state key (any length; 32 random bytes or more advised) */
    public SealedGeneratedSecrets(SecretVault vault, String stateKey, String topology, String where) {
        this.vault = vault;
        this.key = derive(stateKey);
        this.topology = topology;
        this.where = where;
    }

    /** A 256-bit AES key from the state key, domain-separated so it is not the key's plain digest. */
    static SecretKeySpec derive(String stateKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("dive state key v1\0".getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(sha.digest(stateKey.getBytes(StandardCharsets.UTF_8)), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String get(String name) {
        byte[] sealed = vault.sealed(name);
        return sealed == null ? null : open(name, sealed);
    }

    @Override
    public String keepIfAbsent(String name, String value) {
        return open(name, vault.keepIfAbsent(name, seal(name, value)));
    }

    @Override
    public String describe() {
        return "the state " + where + " (sealed under the state key)";
    }

    byte[] seal(String name, String value) {
        try {
            byte[] nonce = new byte[NONCE];
            new SecureRandom().nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(name));
            byte[] body = c.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE + body.length).put(VERSION).put(nonce).put(body).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String open(String name, byte[] sealed) {
        if (sealed.length < 1 + NONCE || sealed[0] != VERSION) {
            throw new DiveException("secret " + name + " in " + describe() + " is not sealed as dive seals (version " + VERSION + ")");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            c.updateAAD(aad(name));
            return new String(c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new DiveException("secret " + name + " in " + describe() + " cannot be opened with this state key (DIVE_STATE_KEY, else"
                    + " the manifest's state.key): it was sealed under another; use the key of the runs that applied this topology");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] aad(String name) {
        return (topology + "\0" + name).getBytes(StandardCharsets.UTF_8);
    }
}
