package io.dive.emulator.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A MongoDB wire-protocol EMULATOR (mongo-java-server), not mongod: no mongod binary can be had on this
 * machine. It adds the replica-set admin commands dive uses, with mongod's rules where they matter:
 * replSetGetStatus fails with code 94 until replSetInitiate; a new set elects its PRIMARY only after a
 * delay (so "healthy" is not yet "writable primary"); replSetReconfig must raise the version and change
 * at most one voting member. The real driver talks to it over TCP on loopback.
 */
public final class ReplicaSetEmulator implements AutoCloseable {

    public final long electionMillis;
    public volatile Document config;
    public volatile long primaryFrom = Long.MAX_VALUE;
    public volatile boolean primaryLost;
    public final List<String> reconfigs = new ArrayList<>();
    private MongoServer server;
    private final ScramUsers users = new ScramUsers();
    private final int port;
    private final String bindHost;

    public ReplicaSetEmulator(int port, long electionMillis) {
        this("127.0.0.1", port, electionMillis);
    }

    /** @param bindHost where to listen: loopback in tests, every interface (0.0.0.0) in a container */
    public ReplicaSetEmulator(String bindHost, int port, long electionMillis) {
        this.bindHost = bindHost;
        this.port = port;
        this.electionMillis = electionMillis;
    }

    /**
     * Adds a user of the admin database: from then on a connection must authenticate (SCRAM-SHA-256), as
     * with mongod's MONGO_INITDB_ROOT_USERNAME and _PASSWORD.
     */
    public ReplicaSetEmulator withUser(String user, String password) {
        users.put(user, password);
        return this;
    }

    /** Starts answering (a mongod that comes up late is simply started later). */
    public ReplicaSetEmulator start() {
        server = new MongoServer(new Backend());
        server.bind(bindHost, port);
        return this;
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean primaryNow() {
        return config != null && !primaryLost && System.currentTimeMillis() >= primaryFrom;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    private final class Backend extends MemoryBackend {
        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            users.check(channel, command);
            switch (command) {
                case "saslStart" -> {
                    return users.saslStart(channel, query);
                }
                case "saslContinue" -> {
                    return users.saslContinue(channel, query);
                }
                case "updateUser", "createUser" -> {
                    return users.setPassword(command, query);
                }
                case "replSetInitiate" -> {
                    if (config != null) {
                        throw new MongoServerError(23, "AlreadyInitialized", "already initialized");
                    }
                    Document c = (Document) query.get("replSetInitiate");
                    c.put("version", 1);
                    config = c;
                    primaryFrom = System.currentTimeMillis() + electionMillis;
                    return ok();
                }
                case "replSetGetStatus" -> {
                    requireInitiated();
                    Document status = new Document("set", config.get("_id")).append("ok", 1.0);
                    List<Document> members = new ArrayList<>();
                    boolean first = true;
                    for (Object o : (List<?>) config.get("members")) {
                        Document m = (Document) o;
                        String state = first && primaryNow() ? "PRIMARY" : first ? "STARTUP2" : "SECONDARY";
                        members.add(new Document("name", m.get("host")).append("stateStr", state).append("health", 1.0));
                        first = false;
                    }
                    return status.append("members", members);
                }
                case "replSetGetConfig" -> {
                    requireInitiated();
                    return new Document("config", config.clone()).append("ok", 1.0);
                }
                case "replSetReconfig" -> {
                    requireInitiated();
                    if (!primaryNow()) {
                        throw new MongoServerError(10107, "NotWritablePrimary", "replSetReconfig should only be run on a writable PRIMARY");
                    }
                    Document next = (Document) query.get("replSetReconfig");
                    int version = ((Number) next.get("version")).intValue();
                    if (version <= ((Number) config.get("version")).intValue()) {
                        throw new MongoServerError(103, "NewReplicaSetConfigurationIncompatible", "version must be greater than the current one");
                    }
                    Set<String> before = hosts(config);
                    Set<String> after = hosts(next);
                    Set<String> changed = new HashSet<>(before);
                    changed.addAll(after);
                    Set<String> both = new HashSet<>(before);
                    both.retainAll(after);
                    changed.removeAll(both);
                    if (changed.size() > 1) {
                        throw new MongoServerError(103, "NewReplicaSetConfigurationIncompatible",
                                "Only one voting member may be added or removed per reconfig: " + changed);
                    }
                    reconfigs.add(String.join(",", changed));
                    config = next;
                    return ok();
                }
                case "hello", "isMaster", "ismaster" -> {
                    Document d = super.handleCommand(channel, database, command, query);
                    users.hello(query, d);
                    if (config != null) {
                        d.put("setName", config.get("_id"));
                        d.put("isWritablePrimary", primaryNow());
                        d.put("ismaster", primaryNow());
                    }
                    return d;
                }
                default -> {
                    return super.handleCommand(channel, database, command, query);
                }
            }
        }

        private void requireInitiated() {
            if (config == null) {
                throw new MongoServerError(94, "NotYetInitialized", "no replset config has been received");
            }
        }

        private Set<String> hosts(Document c) {
            Set<String> out = new HashSet<>();
            for (Object o : (List<?>) c.get("members")) {
                out.add((String) ((Document) o).get("host"));
            }
            return out;
        }

        private Document ok() {
            return new Document("ok", 1.0);
        }
    }

}
