package io.dive.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's training run ({@code dive train}, hidden) must keep taking the real plan path: if
 * its plans of the quickstart stopped succeeding, the start-up cache would quietly lose most of what
 * it is for. It says so on stderr; here that must stay empty.
 */
class TrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void trainingPlansTheQuickstartAgainstItsLoopbackAnswererWithoutError() {
        DiveRunner.Result r = new DiveRunner(dir).run("train", RealManifestsTest.ROOT.resolve("manifests/quickstart/topology.yaml").toString());
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
    }
}
