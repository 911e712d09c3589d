package io.dive.cli.commands;

import io.dive.cli.ExitCodes;
import io.dive.core.engine.Session;
import io.dive.core.ops.ImportOperation;
import io.dive.core.ops.TerraformImport;
import io.dive.core.run.ProviderRegistry;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dive import ADDR ID FILE}: takes over an object that exists already (made by hand, by a script, by
 * Terraform) as the one a resource of the manifest stands for, recorded as adopted: dive never deletes it,
 * and changes nothing on its server now. The next plan shows what apply would change to match the manifest.
 */
@Command(exitCodeList = {"0:done", "1:a resource failed, the plan was refused or cancelled, or an error (the next run resumes)"},
        name = "import", description = "Record existing objects as the ones resources of the manifest stand for, adopted (never deleted by dive);"
        + " nothing on the server changes. dive import ADDR ID FILE: one object, by its name or server id. dive import --from-terraform"
        + " TFSTATE FILE: every object of a Terraform state (format 4) that dive can map; the rest is reported (exit 0 imported, 1 error).")
public final class ImportCommand extends BaseCommand {

    @Option(names = "--from-terraform", paramLabel = "TFSTATE", description = "A Terraform state (format 4, e.g. terraform state pull > terraform.tfstate):"
            + " import every object of it that the manifest declares.")
    Path fromTerraform;

    @Parameters(arity = "1..3", paramLabel = "ARGS", description = "ADDR ID FILE, or with --from-terraform: FILE. ADDR: the resource's address in the manifest"
            + " (client.dive-v3-broker-fra/dive-v3-frontend); ID: the existing object's name or server id (a Keycloak uuid, a Docker id);"
            + " FILE: the topology.yaml.")
    List<String> args;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var timeout = given(lockTimeout);
        if (fromTerraform != null) {
            if (args.size() != 1) {
                throw new ParameterException(spec.commandLine(), "with --from-terraform give only FILE, the topology.yaml");
            }
            return fromTerraform(Path.of(args.get(0)), timeout);
        }
        if (args.size() != 3) {
            throw new ParameterException(spec.commandLine(), "give ADDR ID FILE (or --from-terraform TFSTATE FILE)");
        }
        Path file = Path.of(args.get(2));
        String id = args.get(1);
        io.dive.spi.Address a = addresses(List.of(args.get(0)), "ADDR").get(0);
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            ImportOperation.Imported done = ImportOperation.run(s, a, id, timeout);
            cli().out().println(a + ": imported " + id + ", recorded as adopted (dive never deletes it; nothing on the server changed).");
            cli().out().println(done.differences() == 0 ? "It matches the manifest: the next plan has nothing to change for it."
                    : done.differences() + " of its declared attributes differ from the manifest: dive plan " + file + " shows them, dive apply changes them.");
            return ExitCodes.OK;
        }
    }

    /** One line per Terraform object, then a count; exit 1 when an import failed (the others stay imported). */
    private int fromTerraform(Path file, java.time.Duration timeout) {
        try (ProviderRegistry registry = cli().providers().get(); Session s = open(file, common.state, registry)) {
            List<TerraformImport.Line> lines = TerraformImport.run(s, fromTerraform, timeout);
            java.util.Map<TerraformImport.Result, Integer> counts = new java.util.EnumMap<>(TerraformImport.Result.class);
            for (TerraformImport.Line l : lines) {
                counts.merge(l.result(), 1, Integer::sum);
                String word = switch (l.result()) {
                    case IMPORTED -> "imported ";
                    case PART -> "part of  ";
                    case ALREADY_IN_STATE -> "in state ";
                    case NOT_DECLARED -> "skipped  ";
                    case UNMAPPED -> "skipped  ";
                    case FAILED -> "FAILED   ";
                };
                cli().out().println(word + l.terraformAddress() + (l.address() == null ? "" : " -> " + l.address()) + ": " + l.detail());
            }
            cli().out().println(counts.getOrDefault(TerraformImport.Result.IMPORTED, 0) + " imported, "
                    + counts.getOrDefault(TerraformImport.Result.PART, 0) + " parts of them, "
                    + counts.getOrDefault(TerraformImport.Result.ALREADY_IN_STATE, 0) + " already in state, "
                    + (counts.getOrDefault(TerraformImport.Result.NOT_DECLARED, 0) + counts.getOrDefault(TerraformImport.Result.UNMAPPED, 0))
                    + " not taken over, " + counts.getOrDefault(TerraformImport.Result.FAILED, 0) + " failed. Nothing on any server changed.");
            return counts.containsKey(TerraformImport.Result.FAILED) ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }
}
