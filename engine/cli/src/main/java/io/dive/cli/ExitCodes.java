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
     * What each exit code means for a command ({@code dive plan}, {@code dive state mv}): the "Exit codes"
     * list of its help. Every command also exits 64 on a usage error and 70 on a bug.
     */
    public static java.util.Map<String, String> of(String command) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        String sub = command.startsWith("dive ") ? command.substring(5) : "";
        switch (sub.contains(" ") ? sub.substring(0, sub.indexOf(' ')) : sub) {
            case "validate" -> {
                m.put("0", "the topology is valid");
                m.put("1", "it is not (each problem one line, at its file:line)");
            }
            case "plan" -> {
                m.put("0", "planned (with --detailed-exitcode: and nothing to change)");
                m.put("1", "error");
                m.put("2", "with --detailed-exitcode: there are changes");
            }
            case "apply", "destroy", "import" -> {
                m.put("0", "done");
                m.put("1", "a resource failed, the plan was refused or cancelled, or an error (the next run resumes)");
            }
            case "drift" -> {
                m.put("0", "in sync");
                m.put("1", "error (nothing could be told; or --fix failed)");
                m.put("2", "drift found (also when --fix repaired it)");
            }
            case "verify" -> {
                m.put("0", "every check passed");
                m.put("1", "a check failed, or an error");
            }
            case "status" -> {
                m.put("0", "every instance healthy");
                m.put("1", "error");
                m.put("2", "degraded: a check failed");
            }
            case "" -> {
                m.put("0", "the command's own (see dive COMMAND --help)");
            }
            default -> {
                m.put("0", "done");
                m.put("1", "error");
            }
        }
        m.put("64", "usage error: a wrong option or argument (nothing was done)");
        m.put("70", "internal error (a bug; --debug shows the stack trace)");
        return m;
    }
}
