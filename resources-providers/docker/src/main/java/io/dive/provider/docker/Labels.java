package io.dive.provider.docker;

/** The labels dive puts on what it creates: ownership (dive never touches an object without them) and the config hash. */
final class Labels {
    static final String MANAGED = "dive.managed";
    static final String ADDRESS = "dive.address";
    static final String TOPOLOGY = "dive.topology";
    static final String CONFIG_HASH = "dive.config-hash";
    /** The lineage of the state that made it: another state (a second checkout, another team's topology of the same name) may not delete it. */
    static final String LINEAGE = "dive.lineage";

    private Labels() {
    }
}
