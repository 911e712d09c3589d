package io.dive.spi;

/** What a plan does to one resource. The symbol is what the human plan shows in front of it. */
public enum Action {
    NOOP(" "),
    CREATE("+"),
    UPDATE("~"),
    REPLACE("-/+"),
    DELETE("-");

    private final String symbol;

    Action(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The lower-case name used in JSON output and the contract. */
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
