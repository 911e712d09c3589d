package io.dive.core.ops;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.plan.Plan;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.plan.ResourceChange;
import io.dive.spi.Action;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.state.State;
import io.dive.spi.state.StateEntry;
import io.dive.spi.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code dive import ADDR ID FILE}: records an object that exists already as the one a resource of the
 * manifest stands for, adopted (dive never deletes it), without changing anything on its server. The ID
 * must name the object the address finds ({@link io.dive.spi.ResourceKind#importIds}); what differs from
 * the manifest is left for the next plan to show and apply to change.
 */
public final class ImportOperation {

    /** What was recorded, and how many of its declared attributes differ from the manifest. */
    public record Imported(Address address, String id, int differences, ApplyResult result) {
    }

    /** What became of one object of a batch: recorded (with its differences from the manifest), or why not. */
    public record Outcome(Address address, String id, int differences, String failure) {
        public boolean imported() {
            return failure == null;
        }
    }

    private ImportOperation() {
    }

    public static Imported run(Session session, Address address, String id, Duration lockTimeout) {
        Map<Address, String> one = new LinkedHashMap<>();
        one.put(address, id);
        Batch b = runAll(session, one, lockTimeout, "dive import " + address + " " + id);
        Outcome o = b.outcomes().get(address);
        if (!o.imported()) {
            throw new DiveException(o.failure());
        }
        return new Imported(address, id, o.differences(), b.result());
    }

    /** A batch's outcome by address, and the one apply that recorded the ones imported (null when none was). */
    public record Batch(Map<Address, Outcome> outcomes, ApplyResult result) {
    }

    /**
     * Imports many objects at once (dive import --from-terraform): one lock, one read of state, one plan of
     * all the addresses, one write of state for all those that pass; each of the others says why not.
     */
    public static Batch runAll(Session session, Map<Address, String> ids, Duration lockTimeout, String command) {
        session.context().secrets().allowCreating(); // it writes state: its fingerprints must be the kept key's
        Map<Address, Outcome> out = new LinkedHashMap<>();
        Set<Address> declared = new java.util.HashSet<>();
        session.topology().resources().forEach(r -> declared.add(r.address()));
        ids.forEach((a, id) -> {
            if (!declared.contains(a)) {
                out.put(a, new Outcome(a, id, 0, a + ": not in the manifest: import records an existing object for a resource the manifest"
                        + " declares; declare it first"));
            }
        });
        try (StateStore.StateLock lock = session.lock(command, lockTimeout == null ? Duration.ZERO : lockTimeout)) {
            State state = session.store().read();
            List<Address> targets = new ArrayList<>();
            ids.forEach((a, id) -> {
                StateEntry entry = state.get(a.toString());
                if (out.containsKey(a)) {
                    return;
                }
                if (entry != null) {
                    out.put(a, new Outcome(a, id, 0, a + ": already in state (" + entry.status().name().toLowerCase(Locale.ROOT)
                            + "); to record another object for it, dive state rm " + a + " first"));
                } else {
                    targets.add(a);
                }
            });
            if (targets.isEmpty()) {
                return new Batch(ordered(ids, out), null);
            }
            Instant started = Instant.now();
            Planned planned = session.plan(state, new PlanOptions(targets, List.of(), false));
            List<ResourceChange> adopts = new ArrayList<>();
            Map<Address, Integer> differences = new HashMap<>();
            for (Address a : targets) {
                String id = ids.get(a);
                String refused = refusal(session, planned, a, id, adopts, differences);
                if (refused != null) {
                    out.put(a, new Outcome(a, id, 0, refused));
                }
            }
            if (adopts.isEmpty()) {
                return new Batch(ordered(ids, out), null);
            }
            List<String> recorded = adopts.stream().map(c -> c.address().toString()).toList();
            Plan only = new Plan(planned.plan().topology(), planned.plan().manifestHash(), planned.plan().stateLineage(),
                    planned.plan().stateSerial(), planned.plan().observed(), recorded, List.of(), List.of(), adopts);
            ApplyResult result = session.apply(new Planned(only, planned.graph(), planned.sensitivePaths()), state, ApplyListener.NONE, 10);
            RunRecords.record(session, command, started, only, result);
            Map<Address, String> failures = new HashMap<>();
            result.outcomes().stream().filter(o -> o.status() == io.dive.core.apply.ResourceOutcome.Status.FAILED)
                    .forEach(o -> failures.put(o.address(), o.message()));
            for (ResourceChange c : adopts) {
                Address a = c.address();
                String failure = result.succeeded() ? null : a + ": import failed: " + failures.getOrDefault(a, "state was not written");
                out.put(a, new Outcome(a, ids.get(a), differences.get(a), failure));
            }
            return new Batch(ordered(ids, out), result);
        }
    }

    /** Why the plan's view of the address cannot be imported as this ID, or null after adding its adoption. */
    private static String refusal(Session session, Planned planned, Address address, String id, List<ResourceChange> adopts, Map<Address, Integer> differences) {
        ResourceChange c = planned.plan().changes().stream().filter(x -> x.address().equals(address)).findFirst().orElse(null);
        if (c == null) {
            return address + ": the plan does not reach it";
        }
        if (c.knownAfter() != null) {
            return address + ": cannot import: its server runs on " + c.knownAfter() + ", which is not running";
        }
        if (c.prior() == null) {
            return address + ": cannot import " + id + ": no such object on " + where(session, address) + " (dive apply would create it)";
        }
        Set<String> accepted = session.context().providers().kind(address.type()).importIds(address, c.prior());
        if (!names(accepted, id)) {
            return address + ": cannot import " + id + ": the object this address stands for is " + accepted.iterator().next()
                    + " (a " + address.type() + " is imported by any of: " + String.join(", ", accepted) + ")"
                    + "; the manifest decides which object an address is: change the resource's name there";
        }
        adopts.add(new ResourceChange(address, Action.ADOPT, List.of(), "imported as " + id + ": recorded as adopted", c.prior(), c.desired(), true,
                c.sensitive()));
        differences.put(address, c.attributes().size());
        return null;
    }

    private static Map<Address, Outcome> ordered(Map<Address, String> ids, Map<Address, Outcome> out) {
        Map<Address, Outcome> o = new LinkedHashMap<>();
        ids.keySet().forEach(a -> o.put(a, out.get(a)));
        return o;
    }

    /** Whether the ID names the object: exactly (Keycloak compares names without case), or as a prefix of a long id. */
    static boolean names(Set<String> accepted, String id) {
        for (String a : accepted) {
            if (a.equalsIgnoreCase(id) || id.length() >= 12 && a.length() > id.length() && a.startsWith(id)) {
                return true;
            }
        }
        return false;
    }

    private static String where(Session session, Address address) {
        String server = session.context().bindings().serverOf(address);
        return server == null ? "the " + session.context().provider(address.type()).name() + " provider's server" : "server " + server;
    }
}
