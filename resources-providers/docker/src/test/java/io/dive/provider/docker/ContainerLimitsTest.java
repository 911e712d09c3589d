package io.dive.provider.docker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.Address;
import io.dive.spi.InvalidAttributeException;
import org.junit.jupiter.api.Test;

/** Sizes and durations use exact arithmetic: a value that would overflow is a located error, never a wrapped number. */
class ContainerLimitsTest {

    private static void validate(String json) throws Exception {
        new ContainerKind(null).validate(Address.parse("container.x"), new ObjectMapper().readTree(json));
    }

    @Test
    void anOverflowingSizeOrDurationIsAnErrorNamingTheField() {
        InvalidAttributeException memory = assertThrows(InvalidAttributeException.class, () -> validate("{\"memory\": \"9999999999g\"}"));
        assertEquals("/memory", memory.pointer());
        assertFalse(memory.getMessage().contains("9999999999"), memory.getMessage());
        InvalidAttributeException interval = assertThrows(InvalidAttributeException.class,
                () -> validate("{\"healthcheck\": {\"interval\": \"9999999999999s\"}}"));
        assertEquals("/healthcheck/interval", interval.pointer());
        assertEquals("/healthcheck/timeout", assertThrows(InvalidAttributeException.class,
                () -> validate("{\"healthcheck\": {\"timeout\": \"soon\"}}")).pointer());
        assertEquals("/memory", assertThrows(InvalidAttributeException.class, () -> validate("{\"memory\": \"-1m\"}")).pointer());
        assertDoesNotThrow(() -> validate("{\"memory\": \"512m\", \"healthcheck\": {\"interval\": \"500ms\", \"timeout\": \"5s\", \"start_period\": \"2m\"}}"));
        assertEquals(2L << 30, ContainerSpec.bytes("2g"));
    }
}
