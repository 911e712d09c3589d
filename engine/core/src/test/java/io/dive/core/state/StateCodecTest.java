package io.dive.core.state;

import static io.dive.core.TestKinds.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.DiveException;
import io.dive.spi.state.State;
import io.dive.spi.state.StateCodec;
import io.dive.spi.state.StateEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON shape of state: what is written reads back the same, and a bad document is named. */
class StateCodecTest {

    @Test
    void aStateReadsBackAsItWasWritten() {
        State s = new State("lin-1", 7, "quickstart", Map.of(
                "group.hub", new StateEntry("group", "hub", "memory", StateEntry.Status.CREATED, (ObjectNode) json("{'title': 'H', 'n': 1.5}"), List.of()),
                "item.hub/a.b", new StateEntry("item", "hub/a.b", "memory", StateEntry.Status.ADOPTED,
                        (ObjectNode) json("{'labels': {'com.example.token': 'sensitive:00ff'}}"), List.of("group.hub")),
                "item.hub/c", new StateEntry("item", "hub/c", "memory", StateEntry.Status.CREATING, (ObjectNode) json("{}"), List.of("group.hub"))));
        byte[] once = StateCodec.encode(s);
        State back = StateCodec.decode(once, "state.json");
        assertEquals("lin-1", back.lineage());
        assertEquals(7, back.serial());
        assertEquals("quickstart", back.topology());
        assertEquals(s.entries(), back.entries());
        assertArrayEquals(once, StateCodec.encode(back), "encoding is stable");
    }

    @Test
    void aDocumentThatIsNotStateIsNamed() {
        DiveException e = assertThrows(DiveException.class, () -> StateCodec.decode("{\"format\": 9}".getBytes(StandardCharsets.UTF_8), "x.json"));
        assertTrue(e.getMessage().startsWith("x.json: not a dive state"), e.getMessage());
        e = assertThrows(DiveException.class, () -> StateCodec.decode("{oops".getBytes(StandardCharsets.UTF_8), "y.json"));
        // Where, and that it is not JSON; never the text the parser choked on.
        assertEquals("y.json:1:2: state is unreadable: not valid JSON (JsonParseException)", e.getMessage());
    }
}
