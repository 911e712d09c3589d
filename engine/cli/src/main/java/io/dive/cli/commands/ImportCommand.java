package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.core.engine.ProviderRegistry;
import io.dive.core.engine.Session;
import io.dive.core.ops.ImportOperation;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code dive import ADDR ID FILE}: takes over an object that exists already (made by hand, by a script, by
 * Terraform) as the one a resource of the manifest stands for, recorded as adopted: dive never deletes it,
 * and changes nothing on its server now. The next plan shows what apply would change to match the manifest.
 */
@Command(name = "import", description = "Record an existing object as the one a resource of the manifest stands for, adopted (never deleted by dive);"
        + " nothing on the server changes. ID: the object's name or its server id (exit 0 imported, 1 error).")
public final class ImportCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "ADDR", description = "The resource's address in the manifest, e.g. client.dive-v3-broker-fra/dive-v3-frontend.")
    String address;

    @Parameters(index = "1", paramLabel = "ID", description = "The existing object: its name (dive-v3-frontend) or its server id (a Keycloak uuid, a Docker id).")
    String id;

    @Parameters(index = "2", paramLabel = "FILE", description = "The topology.yaml.")
    Path file;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        var timeout = given(lockTimeout);
        io.dive.spi.Address a = addresses(java.util.List.of(address), "ADDR").get(0);
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            ImportOperation.Imported done = ImportOperation.run(s, a, id, timeout);
            cli().out().println(a + ": imported " + id + ", recorded as adopted (dive never deletes it; nothing on the server changed).");
            cli().out().println(done.differences() == 0 ? "It matches the manifest: the next plan has nothing to change for it."
                    : done.differences() + " of its declared attributes differ from the manifest: dive plan " + file + " shows them, dive apply changes them.");
            return ExitCodes.OK;
        }
    }
}
