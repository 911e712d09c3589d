package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.spi.DiveException;
import io.dive.spi.Log;
import io.dive.spi.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dive sandbox up|down|status [SERVER]}: a local server for the quickstart. The servers come
 * from provider modules ({@link Sandbox} through ServiceLoader); the Keycloak one is the default.
 */
@Command(name = "sandbox", description = "Start, stop or check a local Keycloak for the quickstart (http://127.0.0.1:8080, admin/admin).")
public final class SandboxCommand extends BaseCommand {

    enum Verb { up, down, status }

    @Parameters(index = "0", paramLabel = "up|down|status")
    Verb verb;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SERVER", description = "Which sandbox (default keycloak).")
    String server = "keycloak";

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: the server's, 8080 for Keycloak).")
    Integer port;

    @Option(names = "--timeout", defaultValue = "300s", description = "How long to wait for it to be ready (default 300s).")
    String timeout;

    @Option(names = "--debug", description = "Show stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() {
        Sandbox sandbox = find(server);
        int p = port != null ? port : sandbox.defaultPort();
        switch (verb) {
            case up -> sandbox.up(p, duration(timeout, "--timeout"), cli().env(), Log.to(cli().out()));
            case down -> cli().out().println(sandbox.down(p) ? server + " stopped." : "No sandbox " + server + " was running on port " + p + ".");
            case status -> {
                boolean up = sandbox.isUp(p);
                cli().out().println(up ? server + " is up at " + sandbox.url(p) : server + " is not answering at " + sandbox.url(p));
                return up ? ExitCodes.OK : ExitCodes.FAILED;
            }
        }
        return ExitCodes.OK;
    }

    private static Sandbox find(String name) {
        List<String> known = new ArrayList<>();
        for (Sandbox s : ServiceLoader.load(Sandbox.class)) {
            if (s.name().equals(name)) {
                return s;
            }
            known.add(s.name());
        }
        throw new DiveException("dive sandbox: no sandbox \"" + name + "\" in this build (known: " + known + ")");
    }
}
