package io.dive.core.ops;

import io.dive.core.apply.ApplyListener;
import io.dive.core.apply.ApplyResult;
import io.dive.core.engine.Session;
import io.dive.core.model.DesiredResource;
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
import java.util.List;
import java.util.Locale;
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

    private ImportOperation() {
    }

    public static Imported run(Session session, Address address, String id, Duration lockTimeout) {
        session.context().secrets().allowCreating(); // it writes state: its fingerprints must be the kept key's
        DesiredResource desired = session.topology().resources().stream().filter(r -> r.address().equals(address)).findFirst()
                .orElseThrow(() -> new DiveException(address + ": not in the manifest: import records an existing object for a resource"
                        + " the manifest declares; declare it first"));
        String command = "dive import " + address + " " + id;
        try (StateStore.StateLock lock = session.lock(command, lockTimeout == null ? Duration.ZERO : lockTimeout)) {
            State state = session.store().read();
            StateEntry entry = state.get(address.toString());
            if (entry != null) {
                throw new DiveException(address + ": already in state (" + entry.status().name().toLowerCase(Locale.ROOT)
                        + "); to record another object for it, dive state rm " + address + " first");
            }
            Instant started = Instant.now();
            Planned planned = session.plan(state, new PlanOptions(List.of(address), List.of(), false));
            ResourceChange c = planned.plan().changes().stream().filter(x -> x.address().equals(address)).findFirst()
                    .orElseThrow(() -> new DiveException(address + ": the plan does not reach it"));
            if (c.knownAfter() != null) {
                throw new DiveException(address + ": cannot import: its server runs on " + c.knownAfter() + ", which is not running");
            }
            if (c.prior() == null) {
                throw new DiveException(address + ": cannot import " + id + ": no such object on " + where(session, address)
                        + " (dive apply would create it)");
            }
            Set<String> accepted = session.context().providers().kind(address.type()).importIds(address, c.prior());
            if (!names(accepted, id)) {
                throw new DiveException(address + ": cannot import " + id + ": the object this address stands for is " + accepted.iterator().next()
                        + (c.prior().path("id").isTextual() ? " (id " + c.prior().get("id").asText() + ")" : "")
                        + "; the manifest decides which object an address is: change the resource's name there");
            }
            ResourceChange adopt = new ResourceChange(address, Action.ADOPT, List.of(), "imported as " + id + ": recorded as adopted",
                    c.prior(), c.desired(), true, c.sensitive());
            Plan only = new Plan(planned.plan().topology(), planned.plan().manifestHash(), planned.plan().stateLineage(),
                    planned.plan().stateSerial(), planned.plan().observed(), List.of(address.toString()), List.of(), List.of(), List.of(adopt));
            ApplyResult result = session.apply(new Planned(only, planned.graph(), planned.sensitivePaths()), state, ApplyListener.NONE, 1);
            session.record(command, started, only, result);
            if (!result.succeeded()) {
                throw new DiveException(address + ": import failed: " + result.outcomes().stream().filter(o -> o.message() != null)
                        .map(io.dive.core.apply.ResourceOutcome::message).findFirst().orElse("state was not written"));
            }
            return new Imported(address, id, c.attributes().size(), result);
        }
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
