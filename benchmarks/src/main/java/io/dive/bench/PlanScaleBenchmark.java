package io.dive.bench;

import io.dive.core.engine.Session;
import io.dive.core.plan.PlanOptions;
import io.dive.core.plan.Planned;
import io.dive.core.run.ProviderRegistry;
import io.dive.spi.Action;
import io.dive.spi.state.State;
import io.dive.testkit.MemoryServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Engine cost of a plan at scale, through the in-memory provider (no network): a synthetic topology
 * of N resources shaped like dive's own, a hub and N/100 spokes given by code, each expanded by a
 * template into 100 resources (a group and 99 items that depend on it). Planned twice: against an
 * empty server (all creates) and against a server that already holds everything (all no-ops).
 * Prints load time (YAML, schema, expansion, graph), plan time (refresh and diff) and peak heap.
 *
 * <pre>java -Xmx8g -jar benchmarks/target/dive-benchmarks.jar 1000 10000 100000</pre>
 */
public final class PlanScaleBenchmark {

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {1_000, 10_000, 100_000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("resources  scenario  load_ms  plan_ms  total_ms  peak_heap_mb");
        measure(sizes[0], "warmup", false, true);
        for (int n : sizes) {
            measure(n, "create", false, false);
            measure(n, "noop", true, false);
        }
    }

    private static void measure(int n, String scenario, boolean populated, boolean quiet) throws Exception {
        Path dir = Files.createTempDirectory("dive-bench");
        String store = "mem:bench-" + n + "-" + scenario;
        Path manifest = dir.resolve("topology.yaml");
        Files.writeString(manifest, topology(n, store));
        Files.createDirectories(dir.resolve("tpl"));
        Files.writeString(dir.resolve("tpl/unit.yaml"), template());
        MemoryServer.forgetAll();
        if (populated) {
            populate(n, MemoryServer.at(store));
        }
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        try (ProviderRegistry registry = ProviderRegistry.discover();
             Session s = Session.open(manifest, dir.resolve("state.json").toString(), Map.of("DIVE_FINGERPRINT_KEY", "bench")::get, registry, io.dive.spi.Log.to(System.err))) {
            // A no-op is planned against a state that records everything (as after an apply): without it, what is
            // on the server is adopted, not left alone. The state is made from a first plan, outside the timing.
            State state = populated ? recorded(s.plan(State.empty("bench"), PlanOptions.all())) : State.empty("bench");
            long t1 = System.nanoTime();
            Planned p = s.plan(state, PlanOptions.all());
            long t2 = System.nanoTime();
            int expected = p.plan().summary().get(populated ? Action.NOOP : Action.CREATE);
            if (expected != n) {
                throw new IllegalStateException("expected " + n + " " + scenario + " actions, got " + p.plan().summary());
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            if (!quiet) {
                System.out.printf(Locale.ROOT, "%9d  %-8s  %7d  %7d  %8d  %12d%n", n, scenario, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                        (t2 - t0) / 1_000_000, peak >> 20);
            }
        }
    }

    /** A state that records what a plan found as created by dive, as an apply leaves it. */
    private static State recorded(Planned found) {
        State state = State.empty("bench");
        for (var c : found.plan().changes()) {
            state.put(new io.dive.spi.state.StateEntry(c.address().type(), c.address().name(), "memory", io.dive.spi.state.StateEntry.Status.CREATED,
                    (com.fasterxml.jackson.databind.node.ObjectNode) c.prior(), found.graph().dependenciesOf(c.address()).stream()
                    .map(io.dive.spi.Address::toString).sorted().toList()));
        }
        return state;
    }

    /** The hub and spokes: N/100 instances of the unit template, by code. */
    static String topology(int n, String store) {
        StringBuilder sb = new StringBuilder().append("name: bench\ntemplates: tpl\nproviders:\n  memory: {store: \"").append(store)
                .append("\"}\nhub: {code: aaa, template: unit}\nspokes:\n");
        for (int g = 1; g < n / 100; g++) {
            sb.append("  - {code: ").append(code(g)).append(", template: unit}\n");
        }
        return sb.toString();
    }

    /** A three-letter code per instance: aaa, aab, ... */
    static String code(int g) {
        return "" + (char) ('a' + g / 676) + (char) ('a' + g / 26 % 26) + (char) ('a' + g % 26);
    }

    static String template() {
        StringBuilder sb = new StringBuilder("resources:\n  - type: group\n    name: g-${code}\n    attributes: {title: \"group ${CODE}\"}\n");
        for (int i = 1; i < 100; i++) {
            sb.append("  - type: item\n    name: g-${code}/i").append(i).append("\n    attributes:\n      value: v").append(i)
                    .append("-${code}\n      tags: [a, b]\n      nested: {clearance: SECRET}\n");
        }
        return sb.toString();
    }

    private static void populate(int n, MemoryServer server) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int g = 0; g < n / 100; g++) {
            String code = code(g);
            server.put("group.g-" + code, json.createObjectNode().put("title", "group " + code.toUpperCase(Locale.ROOT)));
            for (int i = 1; i < 100; i++) {
                var o = json.createObjectNode().put("value", "v" + i + "-" + code);
                o.putArray("tags").add("a").add("b");
                o.putObject("nested").put("clearance", "SECRET");
                server.put("item.g-" + code + "/i" + i, o);
            }
        }
    }
}
