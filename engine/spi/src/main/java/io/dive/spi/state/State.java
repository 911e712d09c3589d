package io.dive.spi.state;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The recorded state of one topology. {@code lineage} names this state's history (a new state gets a
 * new one); {@code serial} grows with every write. A saved plan remembers both.
 */
public final class State {

    public static final int FORMAT = 1;
    private String lineage;
    private long serial;
    private final String topology;
    private final TreeMap<String, StateEntry> resources;
    /** The fingerprint of a fixed text under the key of the runs that wrote this state (null: none recorded yet). */
    private volatile String canary;

    public State(String lineage, long serial, String topology, Map<String, StateEntry> resources) {
        this.lineage = lineage;
        this.serial = serial;
        this.topology = topology;
        this.resources = new TreeMap<>(resources);
    }

    public static State empty(String topology) {
        return new State("", 0, topology, Map.of()); // the lineage is born with the first write
    }

    public synchronized String lineage() {
        return lineage;
    }

    public synchronized long serial() {
        return serial;
    }

    public String topology() {
        return topology;
    }

    public synchronized StateEntry get(String address) {
        return resources.get(address);
    }

    public synchronized void put(StateEntry entry) {
        resources.put(entry.address(), entry);
    }

    public synchronized StateEntry remove(String address) {
        return resources.remove(address);
    }

    /** A consistent copy of the entries, for reading while applies go on. */
    public synchronized Map<String, StateEntry> entries() {
        return new TreeMap<>(resources);
    }

    /**
     * The keyed canary: a fingerprint that only the fingerprint key of the runs that wrote this state makes,
     * so that a run with another key is told so, rather than seeing every secret as changed.
     */
    public String canary() {
        return canary;
    }

    public State canary(String value) {
        this.canary = value;
        return this;
    }

    /** Copies the state with the serial moved on: what a store writes. */
    public synchronized State nextSerial() {
        serial++;
        if (lineage.isEmpty()) {
            lineage = UUID.randomUUID().toString();
        }
        return new State(lineage, serial, topology, resources).canary(canary);
    }
}
