package io.dive.cli;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The libraries dive uses (Apache HttpClient under the Keycloak admin client, RESTEasy, the JDK's own)
 * log through java.util.logging, whose default handler prints to stderr: "INFO: I/O exception ...
 * Retrying request" when Keycloak dies mid-request. dive says what happened in its own words, so their
 * lines are silenced; {@code --debug} lets them through, for a bug report.
 */
final class LibraryLogs {

    private LibraryLogs() {
    }

    /** For the whole process: called once, before any library logs. */
    static void configure(boolean debug) {
        LogManager.getLogManager().reset(); // no console handler from the JDK's logging.properties
        Logger root = Logger.getLogger("");
        if (debug) {
            java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
            console.setLevel(Level.ALL);
            root.addHandler(console);
            root.setLevel(Level.INFO);
        } else {
            root.setLevel(Level.OFF);
        }
    }
}
