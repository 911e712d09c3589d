package io.dive.core.plan;

import io.dive.spi.Address;
import java.util.List;

/**
 * What to plan: {@code targets} limit the plan to those addresses and their dependencies;
 * {@code replace} forces those resources to be recreated; {@code destroy} plans the removal of
 * everything state says dive created; {@code allowDestroy} names resources marked prevent_destroy that
 * this plan may delete or replace.
 */
public record PlanOptions(List<Address> targets, List<Address> replace, boolean destroy, List<Address> allowDestroy) {

    public PlanOptions(List<Address> targets, List<Address> replace, boolean destroy) {
        this(targets, replace, destroy, List.of());
    }

    public static PlanOptions all() {
        return new PlanOptions(List.of(), List.of(), false);
    }
}
