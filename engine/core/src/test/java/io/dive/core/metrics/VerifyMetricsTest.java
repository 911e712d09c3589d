package io.dive.core.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.spi.Verifier.Check;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** verify's metrics: a gauge per link and direction; a run that could not verify keeps the last results. */
class VerifyMetricsTest {

    static final String HUB_TO_FRA = "dive-v3-broker-usa -> dive-v3-broker-fra (usa-idp)";
    static final String FRA_TO_HUB = "dive-v3-broker-fra -> dive-v3-broker-usa (fra-idp)";

    @Test
    void oneGaugePerLinkAndDirectionAndAFailedRunKeepsTheLast() {
        Instant t0 = Instant.ofEpochSecond(1_800_000_000L);
        String passed = VerifyMetrics.render("dive-v3", List.of(new Check("link.usa-fra", HUB_TO_FRA, "idp present", true, null),
                new Check("link.usa-fra", FRA_TO_HUB, "idp present", true, null)), t0, Duration.ofSeconds(3), null);
        assertTrue(passed.contains("dive_verify_link_ok{topology=\"dive-v3\",link=\"link.usa-fra\",direction=\"" + FRA_TO_HUB + "\"} 1"), passed);
        assertTrue(passed.contains("dive_verify_last_success_timestamp_seconds{topology=\"dive-v3\"} 1800000000"), passed);

        String oneFails = VerifyMetrics.render("dive-v3", List.of(new Check("link.usa-fra", HUB_TO_FRA, "idp present", true, null),
                new Check("link.usa-fra", FRA_TO_HUB, "idp present", true, null), new Check("link.usa-fra", FRA_TO_HUB, "secrets agree", false, "differ")),
                t0.plusSeconds(60), Duration.ofSeconds(3), passed);
        assertTrue(oneFails.contains("direction=\"" + FRA_TO_HUB + "\"} 0") && oneFails.contains("direction=\"" + HUB_TO_FRA + "\"} 1"), oneFails);
        assertTrue(oneFails.contains("dive_verify_checks_failed{topology=\"dive-v3\"} 1"), oneFails);
        assertTrue(oneFails.contains("dive_verify_last_success_timestamp_seconds{topology=\"dive-v3\"} 1800000000"), "a failed check moved the success: " + oneFails);

        String couldNot = VerifyMetrics.render("dive-v3", null, t0.plusSeconds(120), Duration.ofSeconds(1), oneFails);
        assertTrue(couldNot.contains("dive_verify_last_run_success{topology=\"dive-v3\"} 0"), couldNot);
        assertTrue(couldNot.contains("direction=\"" + FRA_TO_HUB + "\"} 0") && couldNot.contains("dive_verify_checks_failed{topology=\"dive-v3\"} 1"),
                "a run that could not verify cleared the last results: " + couldNot);
        assertTrue(couldNot.contains("dive_verify_last_run_timestamp_seconds{topology=\"dive-v3\"} 1800000120"), couldNot);
    }
}
