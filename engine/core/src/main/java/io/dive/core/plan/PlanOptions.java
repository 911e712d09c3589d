package io.dive.core.plan;

import io.dive.spi.Address;
import java.util.List;

/**
 * What to plan: {@code targets} limit the plan to those addresses and their dependencies;
 * {@code replace} forces those resources to be recreated; {@code destroy} plans the removal of
 * everything state says dive created; {@code allowDestroy} names resources marked prevent_destroy that
 * this plan may delete or replace; {@code exclude} leaves resources out of the plan, with everything that depends
 * on them (in the manifest or, for a destroy, as state recorded it), as Terraform's {@code -exclude} does.
 */
public record PlanOptions(List<Address> targets, List<Address> replace, boolean destroy, List<Address> allowDestroy, List<Address> exclude) {

    public PlanOptions(List<Address> targets, List<Address> replace, boolean destroy, List<Address> allowDestroy) {
        this(targets, replace, destroy, allowDestroy, List.of());
    }

    public PlanOptions(List<Address> targets, List<Address> replace, boolean destroy) {
        this(targets, replace, destroy, List.of());
    }

    /** The same, leaving out these resources and everything that depends on them (--exclude). */
    public PlanOptions excluding(List<Address> left) {
        return new PlanOptions(targets, replace, destroy, allowDestroy, left);
    }

    public static PlanOptions all() {
        return new PlanOptions(List.of(), List.of(), false);
    }
}
