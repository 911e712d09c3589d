package io.dive.core.plan;

import io.dive.spi.Address;
import java.util.List;

/**
 * What to plan: {@code targets} limit the plan to those addresses and their dependencies;
 * {@code replace} forces those resources to be recreated; {@code destroy} plans the removal of
 * everything state says dive created.
 */
public record PlanOptions(List<Address> targets, List<Address> replace, boolean destroy) {

    public static PlanOptions all() {
        return new PlanOptions(List.of(), List.of(), false);
    }
}
