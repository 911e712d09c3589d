package io.dive.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.cli.ExitCodes;
import io.dive.cli.views.ApplyView;
import io.dive.core.engine.ProviderRegistry;
import io.dive.core.engine.Session;
import io.dive.core.model.DesiredResource;
import io.dive.core.model.DiveException;
import io.dive.provider.keycloak.KeycloakApi;
import io.dive.provider.keycloak.verify.FederationVerifier;
import io.dive.provider.keycloak.verify.LinkCheck;
import io.dive.provider.keycloak.verify.LinkToVerify;
import io.dive.provider.keycloak.verify.VerifyTargets;
import io.dive.spi.Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive verify FILE}: every federation link, both directions, down to a real brokered login. */
@Command(name = "verify", description = "Check every federation link both ways, down to a real brokered login (exit 0 all pass, 1 any fails).")
public final class VerifyCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The topology.yaml.")
    Path file;

    @Option(names = "--json", description = "Print only JSON (waiting messages go to stderr).")
    boolean json;

    @Option(names = "--patience", defaultValue = "20s", description = "How long each check may be retried before it fails (default 20s).")
    String patience;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            JsonNode kc = s.topology().providerConfigs().get("keycloak");
            if (kc == null) {
                throw new DiveException(file + ": verify needs a keycloak: block");
            }
            JsonNode config = s.context().secrets().resolveAll(kc);
            Map<Address, JsonNode> resolved = new LinkedHashMap<>();
            for (DesiredResource r : s.topology().resources()) {
                if (r.address().type().equals("link") || r.address().type().equals("user")) {
                    resolved.put(r.address(), s.context().secrets().resolveAll(r.attributes()));
                }
            }
            List<LinkToVerify> links = VerifyTargets.from(resolved, config.path("url").asText());
            List<LinkCheck> checks = new ArrayList<>();
            try (KeycloakApi admin = KeycloakApi.fromConfig(config)) {
                FederationVerifier verifier = new FederationVerifier(admin, json ? cli().err() : cli().out(),
                        duration(patience, "--patience").toMillis());
                for (LinkToVerify link : links) {
                    List<LinkCheck> result = verifier.verify(link);
                    checks.addAll(result);
                    if (!json) {
                        print(link, result);
                    }
                }
            }
            boolean ok = checks.stream().allMatch(LinkCheck::ok);
            record(s, links, checks, ok);
            if (json) {
                ObjectNode root = new ObjectMapper().createObjectNode();
                root.put("ok", ok);
                ArrayNode arr = root.putArray("checks");
                for (LinkCheck c : checks) {
                    ObjectNode o = arr.addObject().put("link", c.link()).put("direction", c.direction()).put("check", c.name()).put("ok", c.ok());
                    if (c.detail() != null) {
                        o.put("detail", s.scrub(c.detail()));
                    }
                }
                ApplyView.print(cli().out(), root);
            } else {
                long failed = checks.stream().filter(c -> !c.ok()).count();
                cli().out().println(ok ? "All " + checks.size() + " checks of " + links.size() + " links passed."
                        : failed + " of " + checks.size() + " checks failed.");
            }
            checks.stream().filter(c -> !c.ok()).forEach(c -> cli().err().println(c.link() + ": " + c.direction() + ": "
                    + c.name() + " failed: " + s.scrub(c.detail())));
            return ok ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /** Link status and a verify heartbeat in the state backend (PostgreSQL keeps them); never fails the run. */
    private void record(Session s, List<LinkToVerify> links, List<LinkCheck> checks, boolean ok) {
        try {
            for (LinkToVerify link : links) {
                List<LinkCheck> mine = checks.stream().filter(c -> c.link().equals(link.address())).toList();
                String failed = mine.stream().filter(c -> !c.ok()).map(c -> c.direction() + ": " + c.name()).collect(java.util.stream.Collectors.joining("; "));
                s.store().recordLinkStatus(link.address(), failed.isEmpty(), failed.isEmpty() ? null : s.scrub(failed));
            }
            s.store().recordHeartbeat("verify", ok, checks.stream().filter(LinkCheck::ok).count() + "/" + checks.size() + " checks passed");
        } catch (RuntimeException e) {
            cli().err().println("warning: could not record link status: " + s.scrub(e.getMessage()));
        }
    }

    private void print(LinkToVerify link, List<LinkCheck> result) {
        cli().out().println(link.address());
        String dir = null;
        for (LinkCheck c : result) {
            if (!c.direction().equals(dir)) {
                dir = c.direction();
                cli().out().println("  " + dir);
            }
            cli().out().println("    " + (c.ok() ? "ok    " : "FAILED") + " " + c.name());
        }
    }
}
