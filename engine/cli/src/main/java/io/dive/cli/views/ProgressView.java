package io.dive.cli.views;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ResourceOutcome;
import io.dive.spi.Action;
import io.dive.spi.Address;
import java.io.PrintStream;
import java.util.Locale;

/** Live progress for people: one line when a resource starts, one when it ends, a tick while it runs. */
public final class ProgressView implements ApplyListener {

    private final PrintStream out;

    public ProgressView(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(Address address, Action action) {
        out.println(address + ": " + gerund(action) + "...");
    }

    @Override
    public synchronized void stillRunning(Address address, Action action, long elapsedMillis) {
        out.println(address + ": still " + gerund(action).toLowerCase(Locale.ROOT) + "... [" + seconds(elapsedMillis) + " elapsed]");
    }

    @Override
    public synchronized void finished(ResourceOutcome o) {
        switch (o.status()) {
            case APPLIED -> out.println(o.address() + ": " + noun(o.action()) + " complete after " + seconds(o.elapsedMillis()));
            case FAILED -> out.println(o.address() + ": " + noun(o.action()) + " FAILED after " + seconds(o.elapsedMillis()));
            case SKIPPED -> out.println(o.address() + ": skipped (a dependency did not complete)");
            case UNCHANGED -> {
            }
        }
    }

    public static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    private static String gerund(Action a) {
        return switch (a) {
            case CREATE -> "Creating";
            case UPDATE -> "Modifying";
            case REPLACE -> "Replacing";
            case DELETE -> "Destroying";
            case NOOP -> "Refreshing";
            case ADOPT -> "Adopting";
            case FORGET -> "Forgetting";
        };
    }

    private static String noun(Action a) {
        return switch (a) {
            case CREATE -> "Creation";
            case UPDATE -> "Modification";
            case REPLACE -> "Replacement";
            case DELETE -> "Destruction";
            case NOOP -> "Refresh";
            case ADOPT -> "Adoption";
            case FORGET -> "Forget";
        };
    }
}
