package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A library's log line (Apache HttpClient's "INFO: I/O exception ... Retrying request" when Keycloak dies
 * mid-request) never reaches dive's stderr; with --debug it does. Run as a process of its own, as dive runs.
 */
class LibraryLogsTest {

    @Test
    void libraryLogLinesAreSilencedUnlessDebug() throws Exception {
        assertEquals("", childStderr(false));
        assertTrue(childStderr(true).contains("I/O exception (java.net.SocketException) caught when processing request"), "with --debug they show");
    }

    private static String childStderr(boolean debug) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), String.valueOf(debug)).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Configures logging as dive's main does, then logs as HttpClient's retry handler does. */
    public static final class Child {
        public static void main(String[] args) {
            LibraryLogs.configure(Boolean.parseBoolean(args[0]));
            java.util.logging.Logger.getLogger("org.apache.http.impl.execchain.RetryExec")
                    .info("I/O exception (java.net.SocketException) caught when processing request to {}->http://127.0.0.1:18080: Connection reset");
        }
    }
}
