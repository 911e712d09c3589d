package io.dive.core.ops;

import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.state.SecretVault;
import io.dive.spi.state.State;
import io.dive.spi.state.StateCodec;
import io.dive.spi.state.StateEntry;
import io.dive.spi.state.StateStore;
import java.time.Duration;
import java.util.Arrays;

/**
 * Edits of recorded state by hand ({@code dive state rm|mv|migrate}), each under the state lock, so
 * they never interleave with an apply. None of them touches a server.
 */
public final class StateEdits {

    private StateEdits() {
    }

    /**
     * Forgets resources: dive stops managing them; the objects themselves are left alone. All or none:
     * one address that is not in state fails the edit before anything is forgotten.
     */
    public static void remove(StateStore store, java.util.List<Address> addresses, Duration lockTimeout) {
        requireExisting(store);
        String what = addresses.size() == 1 ? addresses.get(0).toString() : addresses.size() + " resources";
        try (StateStore.StateLock lock = store.lock("dive state rm " + what, lockTimeout)) {
            State state = store.read();
            for (Address a : addresses) {
                if (state.get(a.toString()) == null) {
                    throw new DiveException(a + ": not in state" + (addresses.size() > 1 ? "; nothing was removed" : ""));
                }
            }
            addresses.forEach(a -> state.remove(a.toString()));
            store.write(state.nextSerial());
        }
    }

    /**
     * Records a resource under a new address (a rename in the manifest that is the same server
     * object), so the next plan neither deletes nor recreates it.
     */
    public static void move(StateStore store, Address from, Address to, Duration lockTimeout) {
        if (!from.type().equals(to.type())) {
            throw new DiveException("dive state mv " + from + " " + to + ": the type cannot change (" + from.type() + " -> " + to.type() + ")");
        }
        requireExisting(store);
        try (StateStore.StateLock lock = store.lock("dive state mv " + from + " " + to, lockTimeout)) {
            State state = store.read();
            StateEntry entry = state.get(from.toString());
            if (entry == null) {
                throw new DiveException(from + ": not in state");
            }
            if (state.get(to.toString()) != null) {
                throw new DiveException(to + ": already in state; remove it first (dive state rm " + to + ")");
            }
            state.remove(from.toString());
            state.put(new StateEntry(to.type(), to.name(), entry.provider(), entry.status(), entry.attributes(), entry.dependsOn(),
                    entry.preventDestroy(), entry.server()));
            store.write(state.nextSerial());
        }
    }

    /** An edit of a state that does not exist fails before it takes a lock (and so makes no lock file). */
    private static void requireExisting(StateStore store) {
        if (store.read().lineage().isEmpty()) {
            throw new DiveException("state " + store.describe() + " holds nothing yet: there is nothing to edit");
        }
    }

    /**
     * Gives a topology's state a new topology name (the manifest's {@code name:} changed on purpose).
     * Where the backend keys state by topology, the document moves from the old key to the new.
     *
     * @param from the state as it is now, under the old name
     * @param to   where the renamed state goes (the same store for a file)
     * @return the renamed state
     */
    public static State renameTopology(StateStore from, StateStore to, String oldName, String newName, Duration lockTimeout) {
        return renameTopology(from, to, oldName, newName, lockTimeout, null);
    }

    /**
     * As {@link #renameTopology(StateStore, StateStore, String, String, Duration)}, and the generated secrets
     * sealed in the state go with it: sealed with the topology's name, each is opened with the state key and
     * sealed again under the new name (without the key, a state that keeps some is refused, untouched).
     *
     * @param stateKey the operator's state key, or null
     */
    public static State renameTopology(StateStore from, StateStore to, String oldName, String newName, Duration lockTimeout, String stateKey) {
        boolean moves = !from.describe().equals(to.describe());
        try (StateStore.StateLock a = from.lock("dive state rename-topology", lockTimeout);
             StateStore.StateLock b = moves ? to.lock("dive state rename-topology", lockTimeout) : () -> { }) {
            State state = from.read();
            if (state.lineage().isEmpty()) {
                throw new DiveException("state " + from.describe() + " is empty: no topology \"" + oldName + "\" to rename");
            }
            if (!oldName.equals(state.topology())) {
                throw new DiveException("state " + from.describe() + " belongs to topology \"" + state.topology() + "\", not \"" + oldName + "\"");
            }
            if (moves && !to.read().lineage().isEmpty()) {
                throw new DiveException("state " + to.describe() + " already holds a state for topology \"" + newName + "\"");
            }
            java.util.Set<String> sealed = sealedNames(from);
            if (!sealed.isEmpty()) {
                resealUnderNewName(from, to, oldName, newName, stateKey, sealed);
            }
            State renamed = new State(state.lineage(), state.serial() + 1, newName, state.entries()).canary(state.canary());
            to.write(renamed);
            if (moves) {
                sealed.forEach(((SecretVault) from)::forget);
                from.drop();
            }
            return renamed;
        }
    }

    /**
     * Copies a state to another backend with its lineage and serial (saved plans stay valid), and
     * reads it back to prove the copy is whole. The source is left as it was.
     *
     * @return the state that was copied
     */
    public static State migrate(StateStore from, StateStore to, boolean force, Duration lockTimeout) {
        try (StateStore.StateLock a = from.lock("dive state migrate", lockTimeout);
             StateStore.StateLock b = to.lock("dive state migrate", lockTimeout)) {
            State state = from.read();
            if (state.lineage().isEmpty()) {
                throw new DiveException("state " + from.describe() + " is empty: nothing to migrate");
            }
            State existing = to.read();
            if (!existing.lineage().isEmpty() && !existing.lineage().equals(state.lineage()) && !force) {
                throw new DiveException("state " + to.describe() + " already holds another state (lineage " + existing.lineage()
                        + "); pass --force to overwrite it");
            }
            java.util.Set<String> sealed = checkSealedCanMove(from, to, force);
            to.write(new State(state.lineage(), state.serial(), state.topology(), state.entries()).canary(state.canary()));
            if (!Arrays.equals(canonical(to.read()), canonical(state))) {
                throw new DiveException("state " + to.describe() + ": the copy differs from the original after writing; nothing was changed at the source");
            }
            // Sealed under the same topology name, the bytes open at the target as they did at the source: copied as they are.
            for (String name : sealed) {
                SecretVault source = (SecretVault) from;
                SecretVault target = (SecretVault) to;
                if (target.sealed(name) != null && !Arrays.equals(target.sealed(name), source.sealed(name))) {
                    target.forget(name); // --force: checked above
                }
                target.keepIfAbsent(name, source.sealed(name));
            }
            return state;
        }
    }

    /** The names of the generated secrets a store keeps sealed (none for a store that keeps none). */
    private static java.util.Set<String> sealedNames(StateStore store) {
        return store instanceof SecretVault v ? v.names() : java.util.Set.of();
    }

    private static void resealUnderNewName(StateStore from, StateStore to, String oldName, String newName, String stateKey, java.util.Set<String> sealed) {
        if (stateKey == null) {
            throw new DiveException("state " + from.describe() + " keeps " + sealed.size() + " generated secrets sealed for topology \"" + oldName
                    + "\" (" + String.join(", ", sealed) + "); sealed with the topology's name, they must be opened and sealed again under \""
                    + newName + "\": give the state key (DIVE_STATE_KEY, or the manifest's state.key). Nothing was changed");
        }
        if (!(to instanceof SecretVault target)) {
            throw new DiveException("state " + to.describe() + " cannot keep the generated secrets sealed in " + from.describe() + ". Nothing was changed");
        }
        var old = new io.dive.core.secrets.SealedGeneratedSecrets((SecretVault) from, stateKey, oldName, from.describe());
        var renamed = new io.dive.core.secrets.SealedGeneratedSecrets(target, stateKey, newName, to.describe());
        for (String name : sealed) {
            String value = old.get(name);
            if (!value.equals(renamed.keepIfAbsent(name, value))) {
                throw new DiveException("state " + to.describe() + " already keeps another generated secret " + name + " for topology \"" + newName
                        + "\"; the state was not renamed");
            }
        }
    }

    /**
     * Before a migration writes anything: the generated secrets sealed at the source must fit at the target
     * (a backend that keeps secrets, holding none of those names with other values unless forced).
     */
    private static java.util.Set<String> checkSealedCanMove(StateStore from, StateStore to, boolean force) {
        java.util.Set<String> sealed = sealedNames(from);
        if (sealed.isEmpty()) {
            return sealed;
        }
        if (!(to instanceof SecretVault target)) {
            throw new DiveException("state " + from.describe() + " keeps " + sealed.size() + " generated secrets sealed under the state key ("
                    + String.join(", ", sealed) + "), which " + to.describe() + " cannot keep: without them every password dive generated would"
                    + " be made anew. Migrate to a postgresql:// state. Nothing was changed");
        }
        for (String name : sealed) {
            byte[] there = target.sealed(name);
            if (there != null && !Arrays.equals(there, ((SecretVault) from).sealed(name)) && !force) {
                throw new DiveException("state " + to.describe() + " already keeps another generated secret " + name
                        + "; pass --force to overwrite it. Nothing was changed");
            }
        }
        return sealed;
    }

    /** Equal states give equal bytes whatever key order a database kept. */
    private static byte[] canonical(State s) {
        try {
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            return io.dive.spi.CanonicalJson.of(json.readTree(StateCodec.encode(s))).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
