package io.dive.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dive.core.plan.PlanFile;
import io.dive.spi.DiveException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** Saved plans, as {@code dive apply PLANFILE} and {@code dive show} read them. */
class PlanFileFuzzTest {

    private static Path file;

    @BeforeAll
    static void setUp() throws IOException {
        file = Files.createTempDirectory("dive-fuzz-plan").resolve("saved.plan");
    }

    @FuzzTest(maxDuration = "60s")
    void planFile(byte[] input) {
        try {
            Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (PlanFile.isPlanFile(file)) {
            try {
                PlanFile.show(file);
            } catch (DiveException e) {
                UserErrors.requireLocated(e, file.toString());
            }
        }
        try {
            PlanFile.read(file);
        } catch (DiveException e) {
            UserErrors.requireLocated(e, file.toString());
        }
    }
}
