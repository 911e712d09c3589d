package io.dive.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dive.spi.DiveException;
import io.dive.spi.state.StateCodec;

/** The state decoder: any bytes decode or are refused naming the state, never quoting it. */
class StateFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void state(byte[] input) {
        try {
            StateCodec.decode(input, "state.json");
        } catch (DiveException e) {
            UserErrors.requireLocated(e, "state.json");
        }
    }
}
