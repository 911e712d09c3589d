package io.dive.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which of the process's standard streams are terminals, each on its own: a confirmation needs stdin to be
 * one (stdout may be piped to {@code tee}); colour needs stdout to be one. {@code System.console()} says
 * only whether both are. On Linux each descriptor's link in /proc names its device; elsewhere the console
 * stands in for both.
 */
final class Terminals {

    private Terminals() {
    }

    static boolean stdin() {
        return isTerminal(0);
    }

    static boolean stdout() {
        return isTerminal(1);
    }

    private static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
