package io.dive.core.ops;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.core.engine.Session;
import io.dive.core.model.DesiredResource;
import io.dive.spi.Address;
import io.dive.spi.Log;
import io.dive.spi.Provider;
import io.dive.spi.Verifier;
import io.dive.spi.state.FederationFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code dive verify}: every provider's end-to-end checks, and each subject's result kept where the backend keeps federation facts. */
public final class VerifyOperation {

    private VerifyOperation() {
    }

    /**
     * Runs the checks of every provider of this topology that offers them ({@link Verifier}), on its
     * own configured connection, and records each subject's result where the state backend keeps
     * federation facts. Failing checks are results, not errors.
     */
    public static List<Verifier.Check> run(Session session, Duration patience, Log waiting) {
        session.requireKeptSecrets(session.store().read());
        Map<Provider, Map<Address, JsonNode>> byProvider = new LinkedHashMap<>();
        for (DesiredResource r : session.context().topology().resources()) {
            Provider p = session.context().providers().providerOf(r.address().type());
            if (p instanceof Verifier) {
                byProvider.computeIfAbsent(session.context().provider(r.address().type()), k -> new LinkedHashMap<>())
                        .put(r.address(), session.context().secrets().resolveAll(r.attributes()));
            }
        }
        List<Verifier.Check> checks = new ArrayList<>();
        byProvider.forEach((p, resources) -> checks.addAll(((Verifier) p).verify(new Verifier.Request(resources, patience, waiting))));
        List<Verifier.Check> shown = checks.stream().map(c -> c.ok() ? c
                : new Verifier.Check(c.subject(), c.direction(), c.name(), false, session.scrub(c.detail()))).toList();
        recordFacts(session, shown);
        return shown;
    }

    /** Each subject's status and a heartbeat, where the backend keeps federation facts; never fails the run. */
    private static void recordFacts(Session session, List<Verifier.Check> checks) {
        if (!(session.store() instanceof FederationFacts facts)) {
            return;
        }
        try {
            Map<String, List<Verifier.Check>> bySubject = new LinkedHashMap<>();
            checks.forEach(c -> bySubject.computeIfAbsent(c.subject(), k -> new ArrayList<>()).add(c));
            bySubject.forEach((subject, mine) -> {
                String failed = mine.stream().filter(c -> !c.ok()).map(c -> c.direction() + ": " + c.name())
                        .collect(java.util.stream.Collectors.joining("; "));
                facts.recordLinkStatus(subject, failed.isEmpty(), failed.isEmpty() ? null : failed);
            });
            long passed = checks.stream().filter(Verifier.Check::ok).count();
            facts.recordHeartbeat("verify", passed == checks.size(), passed + "/" + checks.size() + " checks passed");
        } catch (RuntimeException e) {
            session.context().log().warn("could not record link status in " + session.store().describe() + ": " + session.scrub(e.getMessage()));
        }
    }
}
