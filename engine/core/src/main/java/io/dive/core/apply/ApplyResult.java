package io.dive.core.apply;

import io.dive.core.plan.Plan;
import java.util.List;

/** The plan that was applied and what happened to each resource, in completion order. */
public record ApplyResult(Plan plan, List<ResourceOutcome> outcomes) {

    public boolean succeeded() {
        return outcomes.stream().noneMatch(o -> o.status() == ResourceOutcome.Status.FAILED
                || o.status() == ResourceOutcome.Status.SKIPPED);
    }

    public long count(ResourceOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }
}
