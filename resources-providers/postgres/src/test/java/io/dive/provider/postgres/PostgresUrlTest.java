package io.dive.provider.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.spi.DiveException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A state URL's password is whatever lies between the first {@code :} and the last {@code @} of its user
 * info: it goes to the driver as a property, and messages never show any part of it. A host that is not
 * loopback is reached with its certificate verified unless the URL says {@code insecure=true}.
 */
class PostgresUrlTest {

    private static PostgresUrl parse(String url) {
        return PostgresUrl.parse(url, Map.<String, String>of()::get);
    }

    @Test
    void aPasswordWithSlashAtOrPlusIsTakenWholeAndHiddenWhole() {
        for (String[] c : new String[][] {
                {"postgresql://dive:ab/cd@db.internal/state", "ab/cd", "postgresql://dive:***@db.internal/state"},
                {"postgresql://dive:p@ss@db.internal/state", "p@ss", "postgresql://dive:***@db.internal/state"},
                {"postgres://dive:p%40s:s+1@127.0.0.1:5433/state?sslmode=disable", "p@s:s+1",
                        "postgres://dive:***@127.0.0.1:5433/state?sslmode=disable"}}) {
            PostgresUrl u = parse(c[0]);
            assertEquals("dive", u.user());
            assertEquals(c[1], u.password());
            assertEquals(c[2], u.display());
            assertFalse(u.jdbcUrl().contains(c[1]) || u.jdbcUrl().contains("dive:"), u.jdbcUrl());
        }
        assertEquals("jdbc:postgresql://db.internal:5432/state", parse("postgresql://dive:ab/cd@db.internal/state").jdbcUrl());
        assertEquals("jdbc:postgresql://127.0.0.1:5433/state", parse("postgres://dive:p%40s:s+1@127.0.0.1:5433/state?sslmode=disable").jdbcUrl());
    }

    @Test
    void aRemoteHostIsVerifiedByDefault() {
        PostgresUrl u = parse("postgresql://dive:pw@db.internal/state?sslrootcert=/etc/dive/ca.pem");
        assertEquals("verify-full", u.params().getProperty("sslmode"));
        assertEquals("/etc/dive/ca.pem", u.params().getProperty("sslrootcert"));
        assertTrue(u.warnings().isEmpty());
        // Loopback: the driver's own default (a local socket needs no certificate).
        assertNull(parse("postgresql://dive:pw@127.0.0.1/state").params().getProperty("sslmode"));
    }

    @Test
    void plaintextToARemoteHostNeedsInsecureTrueAndIsSaid() {
        DiveException e = assertThrows(DiveException.class, () -> parse("postgresql://dive:Secr3tPw@db.internal/state?sslmode=require"));
        assertEquals("state postgresql://dive:***@db.internal/state?sslmode=require: sslmode=require does not verify the server db.internal;"
                + " use sslmode=verify-full (with sslrootcert=CA.pem when a private CA signed it), or add insecure=true", e.getMessage());
        PostgresUrl u = parse("postgresql://dive:Secr3tPw@db.internal/state?sslmode=disable&insecure=true");
        assertEquals("disable", u.params().getProperty("sslmode"));
        assertNull(u.params().getProperty("insecure"), "insecure is dive's, not the driver's");
        assertEquals(1, u.warnings().size());
        assertTrue(u.warnings().get(0).startsWith("insecure: state postgresql://dive:***@db.internal/state"), u.warnings().toString());
    }
}
