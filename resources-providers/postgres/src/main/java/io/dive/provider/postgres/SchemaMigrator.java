package io.dive.provider.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and migrates dive's tables from the versioned scripts in {@code db/}. The whole migration
 * runs in one transaction under a transaction-scoped advisory lock, so two processes starting at once
 * take turns: the second finds the work done.
 */
final class SchemaMigrator {

    static final List<String> SCRIPTS = List.of("V1__state.sql", "V2__federation.sql", "V3__run_result.sql", "V4__secrets.sql");
    private static final long MIGRATION_LOCK = 0x64697665_6d696772L; // "divemigr"

    private SchemaMigrator() {
    }

    static void migrate(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            st.execute("CREATE TABLE IF NOT EXISTS dive_schema_version (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            int current;
            try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM dive_schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            for (int v = current + 1; v <= SCRIPTS.size(); v++) {
                st.execute(read(SCRIPTS.get(v - 1)));
                st.execute("INSERT INTO dive_schema_version (version) VALUES (" + v + ")");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream("/db/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the build: db/" + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
