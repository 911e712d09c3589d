package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.core.model.DiveException;
import io.dive.provider.keycloak.sandbox.KeycloakSandbox;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dive sandbox up|down|status}: a local Keycloak for the quickstart (admin / admin). */
@Command(name = "sandbox", description = "Start, stop or check a local Keycloak for the quickstart (http://127.0.0.1:8080, admin/admin).")
public final class SandboxCommand extends BaseCommand {

    enum Verb { up, down, status }

    @Parameters(index = "0", paramLabel = "up|down|status")
    Verb verb;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port on 127.0.0.1 (default 8080).")
    int port;

    @Option(names = "--timeout", defaultValue = "300s", description = "How long to wait for Keycloak to be ready (default 300s).")
    String timeout;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        KeycloakSandbox sandbox = KeycloakSandbox.standard(port, cli().out());
        try {
            switch (verb) {
                case up -> sandbox.up(duration(timeout, "--timeout"));
                case down -> cli().out().println(sandbox.down() ? "Keycloak stopped." : "No sandbox Keycloak was running on port " + port + ".");
                case status -> {
                    boolean up = sandbox.isUp();
                    cli().out().println(up ? "Keycloak is up at " + sandbox.url() : "Keycloak is not answering at " + sandbox.url());
                    return up ? ExitCodes.OK : ExitCodes.FAILED;
                }
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new DiveException("dive sandbox " + verb + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiveException("dive sandbox " + verb + ": interrupted");
        }
    }

}
