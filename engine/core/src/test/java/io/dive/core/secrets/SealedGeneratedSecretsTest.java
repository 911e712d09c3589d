package io.dive.core.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.spi.DiveException;
import io.dive.spi.state.SecretVault;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Sealed in the state: only the state key opens a value, only under its own name and topology; the first kept wins. */
class SealedGeneratedSecretsTest {

    /** The backend's side: opaque bytes by name, first writer wins. */
    static final class Vault implements SecretVault {
        final Map<String, byte[]> kept = new ConcurrentHashMap<>();

        @Override
        public byte[] sealed(String name) {
            return kept.get(name);
        }

        @Override
        public byte[] keepIfAbsent(String name, byte[] sealed) {
            return kept.computeIfAbsent(name, n -> sealed);
        }

        @Override
        public java.util.Set<String> names() {
            return new java.util.TreeSet<>(kept.keySet());
        }

        @Override
        public void forget(String name) {
            kept.remove(name);
        }
    }

    @Test
    void roundTripFirstWinsAndNothingReadableInTheBackend() {
        Vault vault = new Vault();
        SealedGeneratedSecrets a = new SealedGeneratedSecrets(vault, "the state key", "topo", "pg");
        assertNull(a.get("pw"));
        assertEquals("value-one", a.keepIfAbsent("pw", "value-one"));
        assertEquals("value-one", new SealedGeneratedSecrets(vault, "the state key", "topo", "pg").keepIfAbsent("pw", "value-two"),
                "a second runner gets the first one's value");
        assertFalse(new String(vault.kept.get("pw"), StandardCharsets.ISO_8859_1).contains("value-one"), "kept in the clear");
        byte[] again = a.seal("pw", "value-one");
        assertFalse(java.util.Arrays.equals(again, vault.kept.get("pw")), "the same value sealed twice looks the same (nonce reuse)");
    }

    @Test
    void anotherKeyAnotherNameOrAnotherTopologyCannotOpenIt() {
        Vault vault = new Vault();
        new SealedGeneratedSecrets(vault, "the state key", "topo", "pg").keepIfAbsent("pw", "value-one");
        DiveException wrongKey = assertThrows(DiveException.class, () -> new SealedGeneratedSecrets(vault, "not the key", "topo", "pg").get("pw"));
        assertTrue(wrongKey.getMessage().contains("cannot be opened with this state key"), wrongKey.getMessage());
        assertFalse(wrongKey.getMessage().contains("value-one") || wrongKey.getMessage().contains("the state key\""), wrongKey.getMessage());

        vault.kept.put("other", vault.kept.get("pw")); // moved under another name
        assertThrows(DiveException.class, () -> new SealedGeneratedSecrets(vault, "the state key", "topo", "pg").get("other"));
        assertThrows(DiveException.class, () -> new SealedGeneratedSecrets(vault, "the state key", "another-topo", "pg").get("pw"));

        byte[] tampered = vault.kept.get("pw").clone();
        tampered[tampered.length - 1] ^= 1;
        vault.kept.put("pw", tampered);
        assertThrows(DiveException.class, () -> new SealedGeneratedSecrets(vault, "the state key", "topo", "pg").get("pw"));
        assertArrayEquals(tampered, vault.kept.get("pw"));
    }
}
