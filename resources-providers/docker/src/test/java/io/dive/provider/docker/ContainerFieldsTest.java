package io.dive.provider.docker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.spi.Address;
import io.dive.spi.InvalidAttributeException;
import org.junit.jupiter.api.Test;

/**
 * A container takes only settings it applies: an unknown key, one Compose has but dive decides against
 * ({@code env_file}, {@code profiles}), or a malformed new setting is an error at its field. Before, all
 * of these validated and were silently dropped.
 */
class ContainerFieldsTest {

    private static InvalidAttributeException refused(String json) {
        return assertThrows(InvalidAttributeException.class,
                () -> new ContainerKind(null).validate(Address.parse("container.x"), new ObjectMapper().readTree(json.replace('\'', '"'))));
    }

    @Test
    void eachKeyDiveWouldNotApplyIsAnErrorAtItsField() throws Exception {
        InvalidAttributeException typo = refused("{'image': 'i', 'healthchek': {}}");
        assertEquals("/healthchek", typo.pointer());
        assertTrue(typo.getMessage().contains("did you mean \"healthcheck\""), typo.getMessage());
        assertEquals("/env_file", refused("{'env_file': ['.env']}").pointer());
        assertTrue(refused("{'env_file': ['.env']}").getMessage().contains("dive reads no env files"));
        assertEquals("/profiles", refused("{'profiles': ['vault-ha']}").pointer());
        assertEquals("/healthcheck/retrys", refused("{'healthcheck': {'retrys': 3}}").pointer());
        assertEquals("/mounts/0/readonly", refused("{'mounts': [{'type': 'bind', 'source': 'a', 'target': '/a', 'readonly': true}]}").pointer());
        assertEquals("/networks/n/alias", refused("{'networks': {'n': {'alias': ['x']}}}").pointer());
        assertEquals("/cap_add/1", refused("{'cap_add': ['NET_ADMIN', 'NET_ADMINN']}").pointer());
        assertEquals("/ulimits/nofile", refused("{'ulimits': {'nofile': 'many'}}").pointer());
        assertEquals("/extra_hosts/0", refused("{'extra_hosts': ['no-address']}").pointer());
        assertEquals("/init", refused("{'init': 'yes'}").pointer());
        assertEquals("/stop_grace_period", refused("{'stop_grace_period': 'later'}").pointer());
        assertEquals("/memory_reservation", refused("{'memory_reservation': 'lots'}").pointer());
        assertDoesNotThrow(() -> new ContainerKind(null).validate(Address.parse("container.x"), new ObjectMapper().readTree("""
                {"image": "i", "cap_add": ["NET_ADMIN", "cap_sys_ptrace"], "ulimits": {"nofile": {"soft": 1024, "hard": 2048}, "nproc": 512},
                 "extra_hosts": ["host.docker.internal:host-gateway"], "init": true, "stop_grace_period": "30s", "memory_reservation": "128m"}""")));
    }
}
