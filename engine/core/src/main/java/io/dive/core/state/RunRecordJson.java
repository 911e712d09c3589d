package io.dive.core.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.state.RunRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link RunRecord} as JSON, one shape wherever runs are written or shown. */
public final class RunRecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunRecordJson() {
    }

    /** The JSON of a run: what dive state history --json prints and a local state keeps beside it. */
    public static ObjectNode encode(RunRecord r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("command", r.command()).put("user", r.user()).put("host", r.host()).put("started_at", r.startedAt().toString())
                .put("finished_at", r.finishedAt().toString()).put("success", r.success()).put("result", r.result());
        ObjectNode summary = o.putObject("summary");
        r.summary().forEach(summary::put);
        ArrayNode outcomes = o.putArray("outcomes");
        r.outcomes().forEach(x -> outcomes.addObject().put("address", x.address()).put("action", x.action()).put("status", x.status())
                .put("message", x.message()));
        return o;
    }

    /** @param withOutcomes false: the per-resource outcomes are left out (a summary read) */
    public static RunRecord decode(JsonNode o, boolean withOutcomes) {
        Map<String, Integer> summary = new LinkedHashMap<>();
        o.path("summary").fields().forEachRemaining(e -> summary.put(e.getKey(), e.getValue().asInt()));
        List<RunRecord.Outcome> outcomes = new ArrayList<>();
        if (withOutcomes) {
            o.path("outcomes").forEach(x -> outcomes.add(new RunRecord.Outcome(x.path("address").asText(), x.path("action").asText(),
                    x.path("status").asText(), x.path("message").isTextual() ? x.get("message").asText() : null)));
        }
        return new RunRecord(o.path("command").asText(), o.path("user").asText(), o.path("host").asText(),
                Instant.parse(o.path("started_at").asText()), Instant.parse(o.path("finished_at").asText()), summary,
                o.path("success").asBoolean(), outcomes, o.path("result").asText());
    }
}
