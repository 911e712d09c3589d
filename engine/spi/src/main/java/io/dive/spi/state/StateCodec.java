package io.dive.spi.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one JSON shape of state, shared by every backend. */
public final class StateCodec {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StateCodec() {
    }

    public static byte[] encode(State state) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", State.FORMAT);
        root.put("lineage", state.lineage());
        root.put("serial", state.serial());
        root.put("topology", state.topology());
        if (state.canary() != null) {
            root.put("fingerprint_canary", state.canary());
        }
        ObjectNode resources = root.putObject("resources");
        for (StateEntry e : state.entries().values()) {
            ObjectNode r = resources.putObject(e.address());
            r.put("type", e.type());
            r.put("name", e.name());
            r.put("provider", e.provider());
            r.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
            ArrayNode deps = r.putArray("depends_on");
            e.dependsOn().forEach(deps::add);
            r.set("attributes", e.attributes());
            if (e.preventDestroy()) {
                r.put("prevent_destroy", true);
            }
            if (e.server() != null) {
                r.put("server", e.server());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static State decode(byte[] bytes, String where) {
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.path("format").asInt() != State.FORMAT) {
                throw new DiveException(where + ": not a dive state (format " + State.FORMAT + ") file");
            }
            Map<String, StateEntry> entries = new LinkedHashMap<>();
            root.path("resources").fields().forEachRemaining(f -> {
                JsonNode r = f.getValue();
                List<String> deps = new ArrayList<>();
                r.path("depends_on").forEach(d -> deps.add(d.asText()));
                entries.put(f.getKey(), new StateEntry(r.path("type").asText(), r.path("name").asText(),
                        r.path("provider").asText(), status(r.path("status").asText(), f.getKey(), where),
                        r.path("attributes").isObject() ? (ObjectNode) r.get("attributes") : JSON.createObjectNode(), deps,
                        r.path("prevent_destroy").asBoolean(false), r.hasNonNull("server") ? r.get("server").asText() : null));
            });
            return new State(root.path("lineage").asText(), root.path("serial").asLong(), root.path("topology").asText(), entries)
                    .canary(root.hasNonNull("fingerprint_canary") ? root.get("fingerprint_canary").asText() : null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // The parser's own words quote the text it choked on: a path that leads to a token file would print the token.
            var at = e.getLocation();
            throw new DiveException(where + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr())
                    + ": state is unreadable: not valid JSON (" + e.getClass().getSimpleName() + ")");
        } catch (IOException | IllegalArgumentException e) {
            throw new DiveException(where + ": state is unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static StateEntry.Status status(String text, String address, String where) {
        for (StateEntry.Status s : StateEntry.Status.values()) {
            if (s.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
                return s;
            }
        }
        throw new DiveException(where + ": resources." + address + ".status: unknown status (known: creating, created, adopted)");
    }
}
