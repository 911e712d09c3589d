package io.dive.provider.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.DiveException;
import io.dive.spi.state.LockHolder;
import io.dive.spi.state.RunRecord;
import io.dive.spi.state.State;
import io.dive.spi.state.StateCodec;
import io.dive.spi.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * State of one topology in PostgreSQL: one row (lineage, serial, document), each write one
 * transaction, so a crash never leaves half a state. The lock is a session advisory lock keyed by the
 * topology, taken on a connection of its own and held for the whole command; PostgreSQL drops it
 * when the holder's session ends, crash or kill -9 included. The holder is recorded in
 * {@code dive_locks} so that a refusal names them.
 *
 * <p>Fencing: while this store holds the lock, every write goes over the lock's own session and inserts
 * only if that session still holds the advisory lock. A holder whose session was ended (an operator's
 * {@code pg_terminate_backend}, a PostgreSQL restart, a dropped network) can therefore never write
 * again: its next write fails, naming the lost lock, and the run stops; another run may take the lock.
 */
final class PostgresStateStore implements StateStore, io.dive.spi.state.RunHistory, io.dive.spi.state.FederationFacts, io.dive.spi.state.SecretVault {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PostgresUrl url;
    private final String topology;
    private boolean migrated;
    /** The session holding this store's lock, while it does: the only one a write may use. */
    private Connection locked;
    private long lockedKey;

    PostgresStateStore(PostgresUrl url, String topology) {
        this.url = url;
        this.topology = topology == null ? "default" : topology;
    }

    @Override
    public java.util.List<String> warnings() {
        return url.warnings();
    }

    @Override
    public String describe() {
        return url.display() + " (topology " + topology + ")";
    }

    /** A short-lived connection with the schema in place. */
    private Connection connection() throws SQLException {
        Connection c = url.connect();
        if (!migrated) {
            SchemaMigrator.migrate(c);
            migrated = true;
        }
        return c;
    }

    @Override
    public State read() {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("SELECT document FROM dive_states WHERE topology = ?")) {
            ps.setString(1, topology);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return State.empty(topology);
                }
                return StateCodec.decode(rs.getString(1).getBytes(StandardCharsets.UTF_8), describe());
            }
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot read: " + e.getMessage());
        }
    }

    @Override
    public synchronized void drop() {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM dive_states WHERE topology = ?")) {
            ps.setString(1, topology);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot remove: " + e.getMessage());
        }
    }

    @Override
    public synchronized void write(State state) {
        if (locked != null) {
            writeFenced(state);
            return;
        }
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO dive_states (topology, lineage, serial, document, updated_at) "
                     + "VALUES (?, ?, ?, ?::jsonb, now()) ON CONFLICT (topology) DO UPDATE SET lineage = excluded.lineage, "
                     + "serial = excluded.serial, document = excluded.document, updated_at = now()")) {
            ps.setString(1, topology);
            ps.setString(2, state.lineage());
            ps.setLong(3, state.serial());
            ps.setString(4, new String(StateCodec.encode(state), StandardCharsets.UTF_8));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot write: " + e.getMessage());
        }
    }

    /** One statement on the lock's session, which writes only while that session holds the advisory lock. */
    private void writeFenced(State state) {
        String sql = "INSERT INTO dive_states (topology, lineage, serial, document, updated_at) "
                + "SELECT ?, ?, ?, ?::jsonb, now() WHERE EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND pid = pg_backend_pid() AND ((classid::bigint << 32) | objid::bigint) = ?) "
                + "ON CONFLICT (topology) DO UPDATE SET lineage = excluded.lineage, serial = excluded.serial, "
                + "document = excluded.document, updated_at = now()";
        int written;
        try (PreparedStatement ps = locked.prepareStatement(sql)) {
            ps.setString(1, topology);
            ps.setString(2, state.lineage());
            ps.setLong(3, state.serial());
            ps.setString(4, new String(StateCodec.encode(state), StandardCharsets.UTF_8));
            ps.setLong(5, lockedKey);
            written = ps.executeUpdate();
        } catch (SQLException e) {
            throw lost("its session ended: " + firstLine(e.getMessage()));
        }
        if (written != 1) {
            throw lost("its session no longer holds it");
        }
    }

    private io.dive.spi.state.LockLostException lost(String why) {
        return new io.dive.spi.state.LockLostException("state " + describe() + ": this run lost its lock (" + why + "); it stops without writing state,"
                + " and another run may hold the lock now: run the command again to resume");
    }

    private static String firstLine(String s) {
        return s == null ? "no answer" : s.lines().findFirst().orElse(s).trim();
    }

    /** The advisory lock key of a topology: 64 bits of a digest, so unrelated topologies never share one. */
    static long lockKey(String topology) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("dive:" + topology).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) {
                k = (k << 8) | (h[i] & 0xff);
            }
            return k;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public StateLock lock(String command, Duration timeout) {
        long key = lockKey(topology);
        Instant deadline = Instant.now().plus(timeout);
        Connection c;
        try {
            c = connection(); // dedicated: the lock lives exactly as long as this session
            while (true) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    ps.setLong(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            break;
                        }
                    }
                }
                if (!Instant.now().isBefore(deadline)) {
                    String holder = holder(c);
                    c.close();
                    throw new DiveException("state " + describe() + " is locked by " + holder + "; waited " + timeout.toSeconds()
                            + "s (use --lock-timeout to wait longer)");
                }
                Thread.sleep(200);
            }
            LockHolder me = LockHolder.current(command);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dive_locks (topology, lock_key, username, host, pid, command, since) "
                    + "VALUES (?, ?, ?, ?, ?, ?, now()) ON CONFLICT (topology) DO UPDATE SET lock_key = excluded.lock_key, "
                    + "username = excluded.username, host = excluded.host, pid = excluded.pid, command = excluded.command, since = now()")) {
                ps.setString(1, topology);
                ps.setLong(2, key);
                ps.setString(3, me.user());
                ps.setString(4, me.host());
                ps.setLong(5, me.pid());
                ps.setString(6, command);
                ps.executeUpdate();
            }
            synchronized (this) {
                locked = c;
                lockedKey = key;
            }
            return () -> release(c, key);
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot take the lock: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiveException("state " + describe() + ": interrupted while waiting for the lock");
        }
    }

    private String holder(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT username, host, pid, command, since FROM dive_locks WHERE topology = ?")) {
            ps.setString(1, topology);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "another session";
                }
                return new LockHolder(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant().toString()).describe();
            }
        }
    }

    private void release(Connection c, long key) {
        synchronized (this) {
            if (locked == c) {
                locked = null;
            }
        }
        try (c; PreparedStatement del = c.prepareStatement("DELETE FROM dive_locks WHERE topology = ? AND pid = ? AND host = ?");
             PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            LockHolder me = LockHolder.current("");
            del.setString(1, topology);
            del.setLong(2, me.pid());
            del.setString(3, me.host());
            del.executeUpdate();
            unlock.setLong(1, key);
            unlock.execute();
        } catch (SQLException e) {
            // closing the session releases the lock anyway
        }
    }

    @Override
    public void recordRun(RunRecord run) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dive_runs (topology, command, username, host, started_at, finished_at, "
                    + "summary, success, result) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) RETURNING id")) {
                ps.setString(1, topology);
                ps.setString(2, run.command());
                ps.setString(3, run.user());
                ps.setString(4, run.host());
                ps.setTimestamp(5, Timestamp.from(run.startedAt()));
                ps.setTimestamp(6, Timestamp.from(run.finishedAt()));
                ps.setString(7, JSON.writeValueAsString(run.summary()));
                ps.setBoolean(8, run.success());
                ps.setString(9, run.result());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO dive_run_resources (run_id, address, action, status, message) VALUES (?, ?, ?, ?, ?)")) {
                for (RunRecord.Outcome o : run.outcomes()) {
                    ps.setLong(1, id);
                    ps.setString(2, o.address());
                    ps.setString(3, o.action());
                    ps.setString(4, o.status());
                    ps.setString(5, o.message());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DiveException("state " + describe() + ": cannot record the run: " + e.getMessage());
        }
    }

    @Override
    public void recordLinkStatus(String link, boolean ok, String detail) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO federation_links (topology, link, status, "
                + "last_verified, detail) VALUES (?, ?, ?, now(), ?) ON CONFLICT (topology, link) DO UPDATE SET status = excluded.status, "
                + "last_verified = excluded.last_verified, detail = excluded.detail")) {
            ps.setString(1, topology);
            ps.setString(2, link);
            ps.setString(3, ok ? "ACTIVE" : "FAILING");
            ps.setString(4, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot record the status of " + link + ": " + e.getMessage());
        }
    }

    @Override
    public Map<String, LinkStatus> linkStatuses() {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("SELECT link, status, detail, last_verified FROM federation_links WHERE topology = ? ORDER BY link")) {
            ps.setString(1, topology);
            Map<String, LinkStatus> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new LinkStatus(rs.getString(1), "ACTIVE".equals(rs.getString(2)), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot read federation_links: " + e.getMessage());
        }
    }

    @Override
    public byte[] sealed(String name) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("SELECT sealed FROM dive_secrets WHERE topology = ? AND name = ?")) {
            ps.setString(1, topology);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot read the sealed secret " + name + ": " + e.getMessage());
        }
    }

    /** First writer wins (ON CONFLICT DO NOTHING), then everyone reads the one kept. */
    @Override
    public byte[] keepIfAbsent(String name, byte[] sealed) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO dive_secrets (topology, name, sealed) VALUES (?, ?, ?) ON CONFLICT (topology, name) DO NOTHING")) {
            ps.setString(1, topology);
            ps.setString(2, name);
            ps.setBytes(3, sealed);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot keep the sealed secret " + name + ": " + e.getMessage());
        }
        return sealed(name);
    }

    @Override
    public java.util.Set<String> names() {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("SELECT name FROM dive_secrets WHERE topology = ? ORDER BY name")) {
            ps.setString(1, topology);
            java.util.Set<String> out = new java.util.TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot list the sealed secrets: " + e.getMessage());
        }
    }

    @Override
    public void forget(String name) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("DELETE FROM dive_secrets WHERE topology = ? AND name = ?")) {
            ps.setString(1, topology);
            ps.setString(2, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot remove the sealed secret " + name + ": " + e.getMessage());
        }
    }

    /** The holder recorded in dive_locks, while some session holds the topology's advisory lock. */
    @Override
    public java.util.Optional<LockHolder> holder() {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement("SELECT username, host, pid, command, since FROM dive_locks "
                + "WHERE topology = ? AND EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND ((classid::bigint << 32) | objid::bigint) = ?)")) {
            ps.setString(1, topology);
            ps.setLong(2, lockKey(topology));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(new LockHolder(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant().toString())) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot read the lock holder: " + e.getMessage());
        }
    }

    @Override
    public void recordHeartbeat(String kind, boolean ok, String detail) {
        try (Connection c = connection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO federation_health (topology, kind, ok, detail) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, topology);
            ps.setString(2, kind);
            ps.setBoolean(3, ok);
            ps.setString(4, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DiveException("state " + describe() + ": cannot record a " + kind + " heartbeat: " + e.getMessage());
        }
    }

    @Override
    public List<RunRecord> history(int limit) {
        return runs(limit, true);
    }

    @Override
    public List<RunRecord> latest(int limit) {
        return runs(limit, false);
    }

    private List<RunRecord> runs(int limit, boolean withOutcomes) {
        try (Connection c = connection();
             PreparedStatement runs = c.prepareStatement("SELECT id, command, username, host, started_at, finished_at, summary, success, result "
                     + "FROM dive_runs WHERE topology = ? ORDER BY id DESC LIMIT ?");
             PreparedStatement res = c.prepareStatement("SELECT address, action, status, message FROM dive_run_resources WHERE run_id = ? ORDER BY address")) {
            runs.setString(1, topology);
            runs.setInt(2, limit);
            List<RunRecord> out = new ArrayList<>();
            try (ResultSet rs = runs.executeQuery()) {
                while (rs.next()) {
                    Map<String, Integer> summary = new LinkedHashMap<>();
                    JsonNode s = JSON.readTree(rs.getString(7));
                    s.fields().forEachRemaining(e -> summary.put(e.getKey(), e.getValue().asInt()));
                    List<RunRecord.Outcome> outcomes = new ArrayList<>();
                    res.setLong(1, rs.getLong(1));
                    if (withOutcomes) {
                        try (ResultSet r = res.executeQuery()) {
                            while (r.next()) {
                                outcomes.add(new RunRecord.Outcome(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                            }
                        }
                    }
                    out.add(new RunRecord(rs.getString(2), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                            rs.getTimestamp(6).toInstant(), summary, rs.getBoolean(8), outcomes, rs.getString(9)));
                }
            }
            return out;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DiveException("state " + describe() + ": cannot read history: " + e.getMessage());
        }
    }
}
