package io.dive.spi.state;

/**
 * A state store that also keeps facts about the federation for other tools to read (PostgreSQL's
 * federation_links and federation_health).
 */
public interface FederationFacts {

    /** A federation link's verified status: ACTIVE when {@code ok}, else FAILING with the detail. */
    void recordLinkStatus(String link, boolean ok, String detail);

    /** A heartbeat of a drift or verify run. */
    void recordHeartbeat(String kind, boolean ok, String detail);

    /** Each link's last verified status, by link address. */
    java.util.Map<String, LinkStatus> linkStatuses();

    /** What the last {@code dive verify} found of one link, and when. */
    record LinkStatus(String link, boolean ok, String detail, java.time.Instant verifiedAt) {
    }
}
