package io.dive.spi;

/** What a plan does to one resource. The symbol is what the human plan shows in front of it. */
public enum Action {
    NOOP(" "),
    CREATE("+"),
    UPDATE("~"),
    REPLACE("-/+"),
    DELETE("-"),
    /** The object exists and matches, but dive never recorded it: apply records it as adopted (dive never deletes it). */
    ADOPT("<="),
    /** State records it, the manifest no longer has it, and dive must not delete it (adopted, or gone already): apply drops it from state. */
    FORGET("=>");

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
