package io.dive.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dive.spi.Address;
import io.dive.spi.HealthProbe.Level;
import io.dive.spi.state.FederationFacts.LinkStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A link's last verify in dive status: passed and recent is fine; never, or more than a day ago, warns; failed fails with both fixes. */
class LastVerifyTest {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Address LINK = Address.parse("link.usa-fra");
    static final Path FILE = Path.of("topology.yaml");

    @Test
    void recentPassingNeverStaleAndFailing() {
        StatusReport.Check recent = StatusReport.lastVerify(LINK, new LinkStatus("link.usa-fra", true, null, NOW.minusSeconds(300)), FILE, CLOCK);
        assertEquals(Level.OK, recent.level());
        assertEquals("passed 5 min ago (2026-11-24T11:55:00Z)", recent.detail());
        assertNull(recent.fix());

        StatusReport.Check never = StatusReport.lastVerify(LINK, null, FILE, CLOCK);
        assertEquals(Level.WARN, never.level());
        assertEquals("dive verify topology.yaml", never.fix());

        StatusReport.Check stale = StatusReport.lastVerify(LINK, new LinkStatus("link.usa-fra", true, null, NOW.minus(Duration.ofDays(3))), FILE, CLOCK);
        assertEquals(Level.WARN, stale.level());
        assertEquals("passed 3 days ago (2026-11-21T12:00:00Z), more than a day ago", stale.detail());

        StatusReport.Check failed = StatusReport.lastVerify(LINK, new LinkStatus("link.usa-fra", false, "fra -> usa: brokered login", NOW.minusSeconds(7200)),
                FILE, CLOCK);
        assertEquals(Level.FAIL, failed.level());
        assertEquals("failed 2 h ago (2026-11-24T10:00:00Z): fra -> usa: brokered login", failed.detail());
        assertEquals("dive apply --target link.usa-fra topology.yaml && dive verify topology.yaml", failed.fix());
    }
}
