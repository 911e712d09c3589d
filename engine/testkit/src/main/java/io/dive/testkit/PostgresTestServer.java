package io.dive.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real PostgreSQL the tests use: {@code DIVE_TEST_POSTGRES_URL}, else postgres:postgres on
 * 127.0.0.1:5432. When nothing answers and this machine has Debian's cluster tools, it starts the
 * cluster and sets that password (what .ci/run does); otherwise the test fails with the reason.
 * Each call of {@link #freshDatabase()} gives a new, empty database.
 */
public final class PostgresTestServer {

    private static boolean ready;

    private PostgresTestServer() {
    }

    public static String url() {
        String given = System.getenv("DIVE_TEST_POSTGRES_URL");
        return given != null && !given.isBlank() ? given : "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
    }

    /** A new empty database on the test server, as a postgresql:// URL. */
    public static synchronized String freshDatabase() {
        ensureUp();
        String name = "dive_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = connect(url()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + redacted() + ": " + e.getMessage(), e);
        }
        return url().replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    private static void ensureUp() {
        if (ready) {
            return;
        }
        try (Connection c = connect(url())) {
            ready = true;
            return;
        } catch (SQLException first) {
            if (!new java.io.File("/usr/bin/pg_ctlcluster").canExecute()) {
                throw new IllegalStateException("no PostgreSQL at " + redacted() + " (" + first.getMessage()
                        + "); install it (apt-get install -y postgresql) or set DIVE_TEST_POSTGRES_URL", first);
            }
        }
        run("pg_ctlcluster", "15", "main", "start");
        run("runuser", "-u", "postgres", "--", "psql", "-q", "-c", "ALTER USER postgres PASSWORD 'postgres'");
        try (Connection c = connect(url())) {
            ready = true;
        } catch (SQLException e) {
            throw new IllegalStateException("started the local PostgreSQL cluster but cannot connect to " + redacted() + ": " + e.getMessage(), e);
        }
    }

    private static void run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            if (p.exitValue() != 0 && !out.contains("already running")) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A JDBC connection to a postgresql:// URL with user and password in it. */
    public static Connection connect(String url) throws SQLException {
        java.net.URI u = java.net.URI.create(url);
        String[] userInfo = u.getUserInfo() == null ? new String[] {"postgres", ""} : u.getUserInfo().split(":", 2);
        return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + u.getPath(),
                userInfo[0], userInfo.length > 1 ? userInfo[1] : "");
    }

    private static String redacted() {
        return url().replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }
}
