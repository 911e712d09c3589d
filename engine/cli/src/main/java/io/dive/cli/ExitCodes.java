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
}
