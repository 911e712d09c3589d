package io.dive.provider.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.run.ProviderRegistry;
import io.dive.core.state.StateLocator;
import io.dive.spi.DiveException;
import io.dive.spi.state.RunRecord;
import io.dive.spi.state.State;
import io.dive.spi.state.StateStore;
import io.dive.testkit.MemoryServer;
import io.dive.testkit.PostgresTestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PostgreSQL state backend against a real PostgreSQL, each test on a database of its own. */
class PostgresStateTest {

    @TempDir
    Path dir;
    String db;
    Path manifest;
    final Map<String, String> env = Map.of("DIVE_FINGERPRINT_KEY", "pg-test");

    @BeforeEach
    void setUp() throws Exception {
        db = PostgresTestServer.freshDatabase();
        manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, topology(""));
    }

    static String topology(String memoryOptions) {
        StringBuilder sb = new StringBuilder("name: pgtest\nproviders:\n  memory: {store: server.json" + memoryOptions + "}\nresources:\n");
        for (String g : List.of("fra", "deu")) {
            sb.append("  - {type: group, name: ").append(g).append("}\n");
            for (int i = 1; i <= 3; i++) {
                sb.append("  - {type: item, name: ").append(g).append("/u").append(i).append(", attributes: {value: \"").append(i).append("\"}}\n");
            }
        }
        return sb.toString();
    }

    ApplyResult apply() {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(manifest, db, env::get, registry, io.dive.spi.Log.to(System.err));
             StateStore.StateLock lock = s.lock("test apply", Duration.ofSeconds(30))) {
            State state = s.store().read();
            Planned p = s.plan(state, PlanOptions.all());
            Instant started = Instant.now();
            ApplyResult r = s.apply(p, state, ApplyListener.NONE, 4);
            io.dive.core.ops.RunRecords.record(s, "dive apply", started, p.plan(), r);
            return r;
        }
    }

    Planned plan() {
        try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(manifest, db, env::get, registry, io.dive.spi.Log.to(System.err))) {
            return s.plan(s.store().read(), PlanOptions.all());
        }
    }

    /** The backend itself, as the engine finds it for a postgresql:// URL. */
    PostgresStateStore store() {
        return store("pgtest");
    }

    PostgresStateStore store(String topology) {
        return (PostgresStateStore) StateLocator.open(db, Path.of("."), topology, System::getenv);
    }

    @Test
    void applyRecordsStateThereAndThePlanAfterIsEmpty() {
        assertTrue(apply().succeeded());
        State state = store().read();
        assertEquals(8, state.entries().size());
        assertFalse(state.lineage().isEmpty());
        assertTrue(state.serial() >= 8, "state is written after every resource: serial " + state.serial());
        assertFalse(plan().plan().hasChanges());
    }

    @Test
    void secondHolderIsRefusedWithTheHoldersNameThenWaitsForIt() throws Exception {
        StateStore a = store();
        StateStore.StateLock held = a.lock("dive apply topology.yaml", Duration.ZERO);
        DiveException refused = assertThrows(DiveException.class, () -> store().lock("dive apply other", Duration.ZERO));
        assertTrue(refused.getMessage().matches("state postgresql://postgres:\\*\\*\\*@.* is locked by \"dive apply topology.yaml\" \\(pid \\d+ on .*, user .*, since .*\\).*"),
                refused.getMessage());
        assertFalse(refused.getMessage().contains(":postgres@"), "the password must not be shown");
        CompletableFuture<Void> releaseSoon = CompletableFuture.runAsync(() -> {
            sleep(700);
            held.close();
        });
        long t0 = System.nanoTime();
        try (StateStore.StateLock second = store().lock("dive apply other", Duration.ofSeconds(20))) {
            assertTrue((System.nanoTime() - t0) / 1_000_000 >= 500, "the second got the lock before the first let go");
        }
        releaseSoon.get(5, TimeUnit.SECONDS);
        // Unrelated topologies never share a lock.
        try (StateStore.StateLock x = store().lock("x", Duration.ZERO); StateStore.StateLock y = store("other").lock("y", Duration.ZERO)) {
            assertTrue(PostgresStateStore.lockKey("pgtest") != PostgresStateStore.lockKey("other"));
        }
    }

    /** dive status's view of the backend: who holds the lock (without taking it), each link's last verify, the last runs without their outcomes. */
    @Test
    void statusReadsTheHolderTheLinksAndTheLastRunsWithoutTakingTheLock() throws Exception {
        PostgresStateStore looker = store("pgstatus");
        assertTrue(looker.holder().isEmpty());
        try (StateStore.StateLock held = store("pgstatus").lock("dive apply topology.yaml", Duration.ZERO)) {
            assertEquals("dive apply topology.yaml", looker.holder().orElseThrow().command());
            assertEquals(ProcessHandle.current().pid(), looker.holder().orElseThrow().pid());
            assertTrue(store("other-topology").holder().isEmpty(), "another topology's lock is its own");
        }
        assertTrue(looker.holder().isEmpty(), "released");

        looker.recordLinkStatus("link.usa-fra", true, null);
        looker.recordLinkStatus("link.usa-deu", false, "deu -> usa: brokered login");
        var links = looker.linkStatuses();
        assertTrue(links.get("link.usa-fra").ok());
        assertFalse(links.get("link.usa-deu").ok());
        assertEquals("deu -> usa: brokered login", links.get("link.usa-deu").detail());
        assertTrue(Duration.between(links.get("link.usa-fra").verifiedAt(), java.time.Instant.now()).abs().toSeconds() < 60);

        java.time.Instant now = java.time.Instant.now();
        looker.recordRun(new io.dive.spi.state.RunRecord("dive apply topology.yaml", "u", "h", now, now, java.util.Map.of("create", 2), true,
                java.util.List.of(new io.dive.spi.state.RunRecord.Outcome("item.a", "create", "ok", null))));
        assertEquals(1, looker.history(1).get(0).outcomes().size());
        assertEquals(0, looker.latest(1).get(0).outcomes().size(), "the summary read leaves the outcomes out");
        assertEquals(2, looker.latest(1).get(0).summary().get("create"));
    }

    /**
     * Fencing: a holder whose session is ended (pg_terminate_backend, as an operator or a failover does)
     * notices at its next write and stops, and never writes again, while another run takes the lock.
     */
    @Test
    void aHolderWhoseSessionWasKilledNeverWritesAgain() throws Exception {
        for (String topology : new String[] {"pgtest", "fenced-2", "fenced-3"}) { // keys with either sign of the high half
            PostgresStateStore holder = store(topology);
            StateStore.StateLock held = holder.lock("dive apply topology.yaml", Duration.ZERO);
            holder.write(holder.read().nextSerial());
            long key = PostgresStateStore.lockKey(topology);
            try (Connection admin = PostgresTestServer.connect(db); Statement st = admin.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        + " AND ((classid::bigint << 32) | objid::bigint) = " + key)) {
                    assertTrue(rs.next() && rs.getBoolean(1), "the holder's session was found and ended");
                }
            }
            State stale = holder.read().nextSerial();
            DiveException lost = assertThrows(DiveException.class, () -> holder.write(stale));
            assertTrue(lost.getMessage().contains(": this run lost its lock (its session ended: "), lost.getMessage());
            try (StateStore.StateLock next = store(topology).lock("dive apply again", Duration.ofSeconds(5))) {
                PostgresStateStore other = store(topology);
                State now = other.read().nextSerial();
                other.write(now);
                assertThrows(DiveException.class, () -> holder.write(stale), "the old holder wrote after losing its lock");
                assertEquals(now.serial(), other.read().serial());
            }
            held.close();
        }
    }

    @Test
    void anApplyWhoseLockSessionIsKilledStopsAndTheNextOneConverges() throws Exception {
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        CompletableFuture<ApplyResult> running = slowApplyUnderWay(server);
        try (Connection admin = PostgresTestServer.connect(db); Statement st = admin.createStatement()) {
            st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND ((classid::bigint << 32) | objid::bigint) = " + PostgresStateStore.lockKey("pgtest")).close();
        }
        ApplyResult stopped = running.get(60, TimeUnit.SECONDS);
        assertFalse(stopped.succeeded());
        assertTrue(stopped.outcomes().stream().anyMatch(o -> o.message() != null && o.message().contains("this run lost its lock")),
                stopped.outcomes()::toString);
        int made = server.size();
        assertTrue(made < 8, "the run went on after losing its lock: " + made + " objects");

        theNextApplyConverges(server);
    }

    /** The same when PostgreSQL itself restarts under the apply (Debian's cluster, as ./test runs it). */
    @Test
    void anApplyDuringAPostgresRestartStopsCleanlyAndTheNextOneConverges() throws Exception {
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        CompletableFuture<ApplyResult> running = slowApplyUnderWay(server);
        Process restart = new ProcessBuilder("pg_ctlcluster", "15", "main", "restart").redirectErrorStream(true).start();
        String said = new String(restart.getInputStream().readAllBytes());
        assertEquals(0, restart.waitFor(), () -> "pg_ctlcluster restart: " + said);
        ApplyResult stopped = running.get(60, TimeUnit.SECONDS);
        assertFalse(stopped.succeeded(), "an apply whose state database restarted under it went on as if nothing happened");
        List<String> failures = stopped.outcomes().stream().filter(o -> o.message() != null).map(o -> o.message()).toList();
        assertTrue(failures.stream().anyMatch(m -> m.contains("lost its lock") || m.contains("state")), failures::toString);
        System.err.println("PostgresStateTest: during the restart " + server.size() + " of 8 objects were made; " + failures.get(0));

        theNextApplyConverges(server);
    }

    /** An apply of 8 resources at 300 ms per write, under way: both groups made, their items being made (at most 4 at a time). */
    private CompletableFuture<ApplyResult> slowApplyUnderWay(MemoryServer server) throws Exception {
        Files.writeString(manifest, topology(", latency_ms: 300"));
        CompletableFuture<ApplyResult> running = CompletableFuture.supplyAsync(this::apply);
        long deadline = System.currentTimeMillis() + 60_000;
        while (server.size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return running;
    }

    /** After a fault: the next apply makes the rest, exactly the 8 objects, and the plan after it is empty. */
    private void theNextApplyConverges(MemoryServer server) throws Exception {
        Files.writeString(manifest, topology(""));
        assertTrue(apply().succeeded());
        assertEquals(8, server.size(), "no duplicates, nothing missing");
        assertFalse(plan().plan().hasChanges());
    }

    /** Load: two topologies applied at once on one state database neither wait for nor touch each other. */
    @Test
    void twoTopologiesAppliedAtOnceOnOneDatabaseDoNotInterfere() throws Exception {
        List<CompletableFuture<ApplyResult>> runs = new ArrayList<>();
        List<Path> manifests = new ArrayList<>();
        for (String name : List.of("east", "west")) {
            Path folder = Files.createDirectories(dir.resolve(name));
            Path m = Files.writeString(folder.resolve("topology.yaml"), topology(", latency_ms: 100").replace("name: pgtest", "name: " + name));
            manifests.add(m);
        }
        long t0 = System.nanoTime();
        for (Path m : manifests) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(m, db, env::get, registry, io.dive.spi.Log.NONE);
                     StateStore.StateLock lock = s.lock("apply " + m.getParent().getFileName(), Duration.ZERO)) {
                    State state = s.store().read();
                    return s.apply(s.plan(state, PlanOptions.all()), state, ApplyListener.NONE, 4);
                }
            }));
        }
        for (CompletableFuture<ApplyResult> r : runs) {
            assertTrue(r.get(2, TimeUnit.MINUTES).succeeded());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // Each took its lock with no wait (Duration.ZERO): had the two shared a lock, one would have failed.
        for (Path m : manifests) {
            String name = m.getParent().getFileName().toString();
            assertEquals(8, store(name).read().entries().size(), name);
            assertEquals(8, MemoryServer.at(m.getParent().resolve("server.json").toString()).size(), name);
            try (ProviderRegistry registry = ProviderRegistry.discover(); Session s = Session.open(m, db, env::get, registry, io.dive.spi.Log.NONE)) {
                assertFalse(s.plan(s.store().read(), PlanOptions.all()).plan().hasChanges(), name);
            }
        }
        System.err.println("PostgresStateTest: two topologies applied at once in " + ms + " ms");
    }

    @Test
    void killMinus9OfTheHolderFreesTheLockAndTheNextApplyResumes() throws Exception {
        Files.writeString(manifest, topology(", latency_ms: 300"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ApplyChild.class.getName(), manifest.toString(), db)
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        MemoryServer server = MemoryServer.at(dir.resolve("server.json").toString());
        long deadline = System.currentTimeMillis() + 60_000;
        while (server.size() < 3 && child.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), () -> "child ended early: " + read(dir.resolve("child.log")));
        DiveException busy = assertThrows(DiveException.class, () -> store().lock("while child runs", Duration.ZERO));
        assertTrue(busy.getMessage().contains("\"apply child\" (pid " + child.pid()), busy.getMessage());
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));

        // PostgreSQL drops a dead session's advisory lock: the next apply gets it within seconds.
        Files.writeString(manifest, topology(""));
        try (StateStore.StateLock freed = store().lock("after kill", Duration.ofSeconds(15))) {
            State mid = store().read();
            assertTrue(mid.entries().size() >= 2 && mid.entries().size() < 8, "state after the kill: " + mid.entries().keySet());
        }
        assertTrue(apply().succeeded());
        assertEquals(8, server.size());
        assertFalse(plan().plan().hasChanges());
        store().read().entries().values().forEach(e -> assertEquals("CREATED", e.status().name(), e.address()));
    }

    @Test
    void historyRowsMatchWhatHappened() throws Exception {
        Files.writeString(manifest, topology(", fail: [group.deu]"));
        assertFalse(apply().succeeded());
        List<RunRecord> runs = store().history(10);
        assertEquals(1, runs.size());
        RunRecord run = runs.get(0);
        assertEquals("dive apply", run.command());
        assertFalse(run.success());
        // What the apply made (fra's group and its items), as it reported it; not the 8 it planned.
        assertEquals(4, run.summary().get("create"));
        List<String> outcomes = new ArrayList<>();
        run.outcomes().forEach(o -> outcomes.add(o.address() + " " + o.status()));
        assertTrue(outcomes.contains("group.deu failed") && outcomes.contains("item.deu/u1 skipped") && outcomes.contains("item.fra/u2 applied"),
                outcomes::toString);
        assertTrue(run.outcomes().stream().filter(o -> o.address().equals("group.deu")).findFirst().orElseThrow()
                .message().contains("500 Internal Server Error"));
    }

    @Test
    void schemaIsCreatedOnceWhenManyProcessesStartTogether() throws Exception {
        List<CompletableFuture<State>> starts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            starts.add(CompletableFuture.supplyAsync(() -> store().read()));
        }
        for (CompletableFuture<State> f : starts) {
            assertEquals(0, f.get(30, TimeUnit.SECONDS).entries().size());
        }
        try (Connection c = PostgresTestServer.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT version) FROM dive_schema_version")) {
            rs.next();
            assertEquals(SchemaMigrator.SCRIPTS.size(), rs.getInt(1), "each migration ran exactly once");
            assertEquals(rs.getInt(1), rs.getInt(2));
        }
    }

    @Test
    void linkStatusAndHeartbeatsAreKeptInTheFederationTables() throws Exception {
        PostgresStateStore s = store();
        s.recordLinkStatus("link.usa-fra", true, null);
        s.recordLinkStatus("link.usa-fra", false, "fra -> usa: secrets agree");
        s.recordLinkStatus("link.usa-deu", true, null);
        s.recordHeartbeat("verify", false, "31/32 checks passed");
        s.recordHeartbeat("drift", true, "in sync");
        try (Connection c = PostgresTestServer.connect(db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT link, status, detail FROM federation_links WHERE topology = 'pgtest' ORDER BY link")) {
                assertTrue(rs.next());
                assertEquals("link.usa-deu ACTIVE null", rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                assertTrue(rs.next());
                assertEquals("link.usa-fra FAILING fra -> usa: secrets agree", rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                assertFalse(rs.next(), "one row per link: the status is a fact, not a log");
            }
            try (ResultSet rs = st.executeQuery("SELECT kind, ok FROM federation_health WHERE topology = 'pgtest' ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals("verify false", rs.getString(1) + " " + rs.getBoolean(2));
                assertTrue(rs.next());
                assertEquals("drift true", rs.getString(1) + " " + rs.getBoolean(2));
            }
        }
    }

    @Test
    void aVersionOneSchemaIsMigratedInPlace() throws Exception {
        try (Connection c = PostgresTestServer.connect(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE dive_schema_version (version int NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            try (var in = SchemaMigrator.class.getResourceAsStream("/db/V1__state.sql")) {
                st.execute(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            st.execute("INSERT INTO dive_schema_version (version) VALUES (1)");
        }
        assertTrue(apply().succeeded());
        store().recordHeartbeat("drift", true, null);
        try (Connection c = PostgresTestServer.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(version) FROM dive_schema_version")) {
            rs.next();
            assertEquals(SchemaMigrator.SCRIPTS.size(), rs.getInt(1));
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
