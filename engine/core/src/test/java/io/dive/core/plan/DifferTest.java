package io.dive.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dive.core.model.JsonPaths;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Only declared attributes count; secrets compare as opaque values without hiding their neighbours. */
class DifferTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void extraObservedFieldsAndListOrderDoNotCount() throws Exception {
        assertEquals(List.of(), Differ.diff(json("{'env': {'A': '1'}, 'tags': ['x', 'y'], 'n': 1}"),
                json("{'env': {'A': '1', 'PATH': '/bin'}, 'tags': ['y', 'x'], 'n': 1.0, 'id': 'abc'}"), Set.of()));
    }

    @Test
    void anObjectHoldingASecretIsComparedKeyByKey() throws Exception {
        List<AttributeChange> d = Differ.diff(json("{'env': {'A': '1', 'PW': 'sensitive:aa'}}"),
                json("{'env': {'A': '2', 'PW': 'sensitive:bb', 'PATH': '/bin'}}"), Set.of("/env/PW"));
        assertEquals(List.of("env.A", "env.PW"), d.stream().map(AttributeChange::path).toList());
        assertFalse(d.get(0).sensitive());
        assertTrue(d.get(1).sensitive());
    }

    @Test
    void aKeyWithDotsIsOneKey() throws Exception {
        // A Docker label or a Keycloak client attribute: the dots are part of the key, not a path.
        List<AttributeChange> d = Differ.diff(json("{'labels': {'com.example.token': 'sensitive:aa', 'com.example.team': 'x'}}"),
                json("{'labels': {'com.example.token': 'sensitive:bb', 'com.example.team': 'y'}}"), Set.of("/labels/com.example.token"));
        assertEquals(List.of("/labels/com.example.token", "/labels/com.example.team"), d.stream().map(AttributeChange::pointer).toList());
        assertTrue(d.get(0).sensitive());
        assertFalse(d.get(1).sensitive(), "a neighbour of a secret is shown");
        assertEquals("labels.com.example.token", d.get(0).path());
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        assertEquals("/a~1b/c~0d", JsonPaths.child(JsonPaths.child("", "a/b"), "c~d"));
        assertEquals(List.of("a/b", "c~d"), JsonPaths.segments("/a~1b/c~0d"));
        assertTrue(JsonPaths.within("/labels/x", "/labels"));
        assertFalse(JsonPaths.within("/labelsx", "/labels"));
    }
}
