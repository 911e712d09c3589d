package io.dive.cli;

/** The contract's exit codes. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    /** plan --detailed-exitcode with changes; drift found. */
    public static final int CHANGES = 2;
    public static final int USAGE = 64;
    public static final int BUG = 70;

    private ExitCodes() {
    }

    /**
     * The meanings every command shares, after its own (a command declares those in its {@code @Command}'s
     * {@code exitCodeList}: they are decided by what it does, not looked up by its name here).
     */
    static final java.util.Map<String, String> COMMON = java.util.Map.of(
            "64", "usage error: a wrong option or argument (nothing was done)",
            "70", "internal error (a bug; --debug shows the stack trace)");

    /** For a command that declares none of its own: 0 done, 1 error. */
    static final java.util.Map<String, String> DEFAULT = java.util.Map.of("0", "done", "1", "error");
}
