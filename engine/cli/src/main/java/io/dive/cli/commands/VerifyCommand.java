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
            KeycloakApi admin = new KeycloakApi(config.path("url").asText(), config.path("admin").path("realm").asText("master"),
                    config.path("admin").path("client_id").asText("admin-cli"), config.path("admin").path("username").asText(),
                    config.path("admin").path("password").asText());
            Map<Address, JsonNode> resolved = new LinkedHashMap<>();
            for (DesiredResource r : s.topology().resources()) {
                if (r.address().type().equals("link") || r.address().type().equals("user")) {
                    resolved.put(r.address(), s.context().secrets().resolveAll(r.attributes()));
                }
            }
            List<LinkToVerify> links = VerifyTargets.from(resolved, config.path("url").asText());
            FederationVerifier verifier = new FederationVerifier(admin, json ? cli().err() : cli().out(),
                    duration(patience, "--patience").toMillis());
            List<LinkCheck> checks = new ArrayList<>();
            for (LinkToVerify link : links) {
                List<LinkCheck> result = verifier.verify(link);
                checks.addAll(result);
                if (!json) {
                    print(link, result);
                }
            }
            boolean ok = checks.stream().allMatch(LinkCheck::ok);
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
