package io.dive.core.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.core.engine.Session;
import io.dive.core.model.DesiredResource;
import io.dive.spi.Address;
import io.dive.spi.DiveException;
import io.dive.spi.Provider;
import io.dive.spi.TerraformTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code dive import --from-terraform TFSTATE FILE}: takes over what Terraform made. Each managed object
 * of a Terraform state (format version 4) is mapped by the provider that knows its type
 * ({@link TerraformTypes}) to the identity of the server object it is; the resource of the manifest with
 * that identity ({@link io.dive.spi.ResourceKind#identities}) is imported ({@link ImportOperation}:
 * recorded as adopted, nothing on the server changed). Objects that are parts of a resource already
 * imported are reported as such; objects dive cannot map, or that the manifest does not declare, are
 * reported one by one. Nothing is ever created or recreated.
 */
public final class TerraformImport {

    /** What became of one Terraform object. */
    public enum Result { IMPORTED, PART, ALREADY_IN_STATE, NOT_DECLARED, UNMAPPED, FAILED }

    /** One line of the report: {@code keycloak_openid_client.frontend} and what became of it. */
    public record Line(String terraformAddress, Result result, Address address, String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private TerraformImport() {
    }

    public static List<Line> run(Session session, Path tfstate, Duration lockTimeout) {
        List<TfObject> objects = read(tfstate);
        Map<String, Map<String, JsonNode>> byTypeAndId = new HashMap<>();
        objects.forEach(o -> byTypeAndId.computeIfAbsent(o.type(), k -> new HashMap<>()).put(o.attributes().path("id").asText(), o.attributes()));
        Map<String, Address> declaredByIdentity = declaredByIdentity(session);
        Map<Address, Integer> identitiesOf = new HashMap<>();
        declaredByIdentity.values().forEach(a -> identitiesOf.merge(a, 1, Integer::sum));
        var recorded = session.store().read();
        // First what each object is; then every one to import at once (one lock, one plan, one state write).
        Map<Address, String> toImport = new LinkedHashMap<>();
        Map<Integer, Address> importedBy = new HashMap<>(); // the object (by its place) that names a resource first
        Line[] lines = new Line[objects.size()];
        List<String> parts = new ArrayList<>(java.util.Collections.nCopies(objects.size(), null));
        for (int i = 0; i < objects.size(); i++) {
            TfObject o = objects.get(i);
            TerraformTypes types = typesFor(session, o.type());
            if (types == null) {
                lines[i] = new Line(o.address(), Result.UNMAPPED, null, "no installed provider reads " + o.type());
                continue;
            }
            TerraformTypes.Mapping m;
            try {
                m = types.map(o.type(), o.attributes(), (t, id) -> byTypeAndId.getOrDefault(t, Map.of()).get(id));
            } catch (DiveException damaged) {
                // A state that contradicts itself (a group that is its own ancestor): nothing is imported.
                throw new DiveException(tfstate + ": " + o.address() + ": " + damaged.getMessage());
            }
            if (m.identity() == null) {
                lines[i] = new Line(o.address(), Result.UNMAPPED, null, m.why());
                continue;
            }
            Address a = declaredByIdentity.get(m.identity().toLowerCase(Locale.ROOT));
            if (a == null && m.orElse() != null) {
                m = m.orElse();
                a = declaredByIdentity.get(m.identity().toLowerCase(Locale.ROOT));
            }
            if (a == null) {
                lines[i] = new Line(o.address(), Result.NOT_DECLARED, null, "the manifest declares no resource for " + m.identity());
            } else if (recorded.get(a.toString()) != null) {
                lines[i] = new Line(o.address(), Result.ALREADY_IN_STATE, a, a + " is in state already");
            } else if (toImport.containsKey(a)) {
                parts.set(i, (m.why() == null ? m.identity() : m.why()) + ", imported with " + a);
                lines[i] = new Line(o.address(), Result.PART, a, null);
            } else {
                // By the id the state records where it gives one and the object is a whole resource (not one of a
                // link's parts): the object of that name must be that very object, or the import fails.
                boolean whole = identitiesOf.get(a) == 1;
                toImport.put(a, m.serverId() != null && whole ? m.serverId() : m.identity());
                importedBy.put(i, a);
            }
        }
        Map<Address, ImportOperation.Outcome> outcomes = toImport.isEmpty() ? Map.of()
                : ImportOperation.runAll(session, toImport, lockTimeout, "dive import --from-terraform " + tfstate.getFileName()).outcomes();
        List<Line> report = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            TfObject o = objects.get(i);
            Line l = lines[i];
            if (l == null) {
                Address a = importedBy.get(i);
                ImportOperation.Outcome done = outcomes.get(a);
                l = done.imported() ? new Line(o.address(), Result.IMPORTED, a, done.differences() == 0 ? "matches the manifest"
                        : done.differences() + " declared attributes differ: the next plan updates them") : new Line(o.address(), Result.FAILED, a, done.failure());
            } else if (l.result() == Result.PART) {
                ImportOperation.Outcome whole = outcomes.get(l.address());
                l = whole.imported() ? new Line(o.address(), Result.PART, l.address(), parts.get(i))
                        : new Line(o.address(), Result.FAILED, l.address(), "a part of " + l.address() + ", which was not imported: " + whole.failure());
            }
            report.add(l);
        }
        return report;
    }

    /** Every declared resource by each identity of its server object (compared without case, as Keycloak does names). */
    private static Map<String, Address> declaredByIdentity(Session session) {
        Map<String, Address> out = new HashMap<>();
        for (DesiredResource r : session.topology().resources()) {
            for (String id : session.context().providers().kind(r.address().type()).identities(r.address(), r.attributes())) {
                out.putIfAbsent(id.toLowerCase(Locale.ROOT), r.address());
            }
        }
        return out;
    }

    private static TerraformTypes typesFor(Session session, String type) {
        for (String name : session.context().providers().names()) {
            Provider p = session.context().providers().named(name);
            if (p instanceof TerraformTypes t && t.handles(type)) {
                return t;
            }
        }
        return null;
    }

    /** One instance of a managed resource of the state: {@code keycloak_user.alice} or {@code keycloak_user.users["bob"]}. */
    record TfObject(String address, String type, JsonNode attributes) {
    }

    static List<TfObject> read(Path tfstate) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(tfstate));
        } catch (IOException e) {
            throw new DiveException(tfstate + ": cannot read the Terraform state: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            throw new DiveException(tfstate + ": not a Terraform state (a JSON object with version 4)");
        }
        if (root.path("version").asInt() != 4) {
            throw new DiveException(tfstate + ": version: Terraform state format " + root.path("version").asText("(none)")
                    + "; dive reads format 4 (Terraform 0.12 and later: terraform state pull > terraform.tfstate)");
        }
        List<TfObject> out = new ArrayList<>();
        for (JsonNode r : root.path("resources")) {
            if (!"managed".equals(r.path("mode").asText())) {
                continue; // data sources are read, not made: nothing to take over
            }
            String base = (r.hasNonNull("module") ? r.get("module").asText() + "." : "") + r.path("type").asText() + "." + r.path("name").asText();
            for (JsonNode i : r.path("instances")) {
                String key = i.has("index_key") ? "[" + i.get("index_key").toString() + "]" : "";
                out.add(new TfObject(base + key, r.path("type").asText(), i.path("attributes")));
            }
        }
        return out;
    }
}
