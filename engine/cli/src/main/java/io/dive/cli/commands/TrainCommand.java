package io.dive.cli.commands;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dive.cli.Cli;
import io.dive.cli.ExitCodes;
import io.dive.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dive train FILE} (hidden): the launcher's training run for the JVM's class-data cache, once
 * per build, so that every later command starts warm whatever the first one was. It runs a real
 * {@code plan} and {@code plan --json} of the given topology (the quickstart), copied to a scratch
 * directory, against a loopback server that answers like an empty Keycloak: the answers only have
 * to be well-formed enough to take the same code paths; nothing is shown or kept.
 */
@Command(name = "train", hidden = true, description = "Warm the launcher's class-data cache (used by ./dive after a build).")
public final class TrainCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "A topology with a keycloak: block (the quickstart).")
    Path file;

    @Override
    public Integer call() {
        HttpServer server = null;
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("dive-train");
            Path topology = Files.copy(file, scratch.resolve("topology.yaml"));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", TrainCommand::answer);
            server.start();
            Map<String, String> env = Map.of("DIVE_KEYCLOAK_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "DIVE_FINGERPRINT_KEY", "train", "DIVE_SECRETS_FILE", scratch.resolve("secrets.json").toString());
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            Cli quiet = new Cli(nowhere, nowhere, name -> env.getOrDefault(name, cli().env().apply(name)), cli().providers(), false,
                    new BufferedReader(new InputStreamReader(new ByteArrayInputStream(new byte[0]), StandardCharsets.UTF_8)));
            String state = scratch.resolve("state.json").toString();
            int human = 0;
            int json = 0;
            for (int round = 0; round < 3; round++) { // a few rounds, so the cache also holds warm method profiles
                human |= Main.run(quiet, "plan", topology.toString(), "--state", state);
                json |= Main.run(quiet, "plan", "--json", topology.toString(), "--state", state);
            }
            // The DIVE V3 shape's code paths too (manifests/local): a Docker engine and a Keycloak server
            // over HTTPS. Neither answers (a socket that is not there, TLS to a plain HTTP port), so the plan
            // fails, but only after loading the Docker client, the TLS stack and the server binding.
            Path shaped = scratch.resolve("shaped.yaml");
            Files.writeString(shaped, """
                    name: train-shaped
                    docker: {endpoints: {default: {host: "unix://%1$s"}}}
                    servers:
                      kc: {provider: keycloak, url: "https://127.0.0.1:%2$d", public_url: "https://localhost:%2$d", admin: {username: a, password: p}}
                    resources:
                      - type: container
                        name: c
                        attributes: {image: "i:1", ports: ["127.0.0.1:1:1"], env: {A: b}, healthcheck: {test: [CMD, "true"]}}
                      - {type: realm, name: r, server: kc, depends_on: [container.c]}
                    """.formatted(scratch.resolve("no-docker.sock"), server.getAddress().getPort()));
            Main.run(quiet, "plan", shaped.toString(), "--state", scratch.resolve("shaped-state.json").toString());
            if (human != ExitCodes.OK || json != ExitCodes.OK) {
                // Still a useful cache, only less complete; said so for whoever runs it by hand.
                cli().err().println("dive train: the training plans ended with " + human + " and " + json);
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            cli().err().println("dive train: " + e.getMessage());
            return ExitCodes.FAILED;
        } finally {
            if (server != null) {
                server.stop(0);
            }
            removeQuietly(scratch);
        }
    }

    private static void removeQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a scratch directory left in the temp folder is harmless
        }
    }

    /** Keycloak-shaped answers: a token, a realm with its user profile, and one of each listed thing. */
    private static void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String body;
        if (path.endsWith("/token")) {
            body = "{\"access_token\":\"t\",\"expires_in\":300,\"refresh_expires_in\":0,\"token_type\":\"Bearer\"}";
        } else if (path.endsWith("/users/profile")) {
            body = "{\"attributes\":[{\"name\":\"username\",\"displayName\":\"u\",\"permissions\":{\"view\":[\"admin\"],\"edit\":[\"admin\"]}}]}";
        } else if (path.endsWith("/client-secret")) {
            body = "{\"type\":\"secret\",\"value\":\"v\"}";
        } else if (path.endsWith("/clients")) {
            body = "[{\"id\":\"1\",\"clientId\":\"c\",\"enabled\":true,\"redirectUris\":[\"x\"],\"attributes\":{\"a\":\"b\"},"
                    + "\"protocolMappers\":[{\"id\":\"2\",\"name\":\"m\",\"protocol\":\"openid-connect\",\"protocolMapper\":\"p\",\"config\":{\"k\":\"v\"}}]}]";
        } else if (path.endsWith("/users")) {
            body = "[{\"id\":\"3\",\"username\":\"u\",\"enabled\":true,\"email\":\"u@x\",\"attributes\":{\"a\":[\"b\"]},\"requiredActions\":[],\"access\":{\"view\":true}}]";
        } else if (path.endsWith("/instances")) {
            body = "[{\"alias\":\"i\",\"providerId\":\"oidc\",\"enabled\":true,\"config\":{\"clientId\":\"c\",\"issuer\":\"x\"}}]";
        } else if (path.endsWith("/mappers")) {
            body = "[{\"id\":\"4\",\"name\":\"m\",\"identityProviderAlias\":\"i\",\"identityProviderMapper\":\"p\",\"config\":{\"claim\":\"c\"}}]";
        } else if (path.matches("/admin/realms/[^/]+")) {
            body = "{\"id\":\"r\",\"realm\":\"" + path.substring(path.lastIndexOf('/') + 1) + "\",\"enabled\":true,\"displayName\":\"d\","
                    + "\"accessTokenLifespan\":300,\"attributes\":{\"a\":\"b\"},\"requiredActions\":[]}";
        } else {
            body = "[]";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
