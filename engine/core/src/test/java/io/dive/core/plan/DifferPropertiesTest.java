package io.dive.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.core.model.JsonPaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the differ over generated attribute trees. Scalars compare by value across JSON types
 * ({@code "1"} equals {@code 1}, {@code "true"} equals {@code true}): servers such as Keycloak keep
 * many settings as strings, and a manifest writes them as YAML numbers and booleans.
 */
class DifferPropertiesTest {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<JsonNode> trees() {
        return tree(3);
    }

    private Arbitrary<JsonNode> tree(int depth) {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars('.', '/', '~', ' ').ofMaxLength(8).map(F::textNode),
                Arbitraries.integers().between(-1000, 1000).map(F::numberNode),
                Arbitraries.of(true, false).map(F::booleanNode));
        Arbitrary<JsonNode> list = scalar.list().ofMaxSize(4).map(l -> {
            ArrayNode a = F.arrayNode();
            l.forEach(a::add);
            return a;
        });
        if (depth == 0) {
            return Arbitraries.oneOf(scalar, list);
        }
        Arbitrary<JsonNode> object = Combinators.combine(
                Arbitraries.strings().alpha().withChars('.', '/', '~', '-').ofMinLength(1).ofMaxLength(6).list().uniqueElements().ofMaxSize(4),
                tree(depth - 1).list().ofSize(4)).as((keys, values) -> {
                    ObjectNode o = F.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        o.set(keys.get(i), values.get(i));
                    }
                    return o;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, scalar), net.jqwik.api.Tuple.of(1, list), net.jqwik.api.Tuple.of(3, object));
    }

    @Property
    void aTreeDiffersFromNothingOfItself(@ForAll("trees") JsonNode x) {
        assertEquals(List.of(), Differ.diff(x, x.deepCopy(), Set.of()));
    }

    @Property
    void fieldsTheManifestDoesNotDeclareNeverCount(@ForAll("trees") JsonNode desired, @ForAll("trees") JsonNode extra) {
        if (!desired.isObject()) {
            return;
        }
        ObjectNode observed = desired.deepCopy();
        // The server adds what it defaults: keys the manifest does not have.
        observed.set("server-only-" + Math.abs(extra.hashCode()), extra);
        assertEquals(List.of(), Differ.diff(desired, observed, Set.of()));
    }

    @Property
    void listsOfPlainValuesCompareAsSets(@ForAll("trees") JsonNode any, @ForAll java.util.Random random) {
        List<JsonNode> values = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            values.add(F.textNode("v" + random.nextInt(4)));
        }
        ArrayNode desired = F.arrayNode().addAll(values);
        Collections.shuffle(values, random);
        ArrayNode observed = F.arrayNode().addAll(values);
        assertTrue(Differ.same(desired, observed), desired + " vs " + observed);
    }

    @Property
    void aChangedDeclaredLeafIsReportedAtItsPointer(@ForAll("trees") JsonNode x) {
        if (!x.isObject() || x.size() == 0) {
            return;
        }
        String key = x.fieldNames().next();
        ObjectNode observed = x.deepCopy();
        observed.set(key, F.textNode("changed-" + x.get(key).hashCode() + "-x"));
        if (Differ.same(x.get(key), observed.get(key))) {
            return;
        }
        List<AttributeChange> d = Differ.diff(x, observed, Set.of());
        assertTrue(d.stream().allMatch(c -> JsonPaths.within(c.pointer(), JsonPaths.child("", key))), d::toString);
        assertTrue(!d.isEmpty());
    }

    @Example
    void scalarsCompareByValueAcrossTypes() {
        assertTrue(Differ.same(F.textNode("1"), F.numberNode(1)));
        assertTrue(Differ.same(F.numberNode(1), F.numberNode(1.0)));
        assertTrue(Differ.same(F.textNode("true"), F.booleanNode(true)));
        assertTrue(!Differ.same(F.textNode("1"), F.numberNode(2)));
        assertTrue(!Differ.same(F.textNode("yes"), F.booleanNode(true)));
        assertTrue(Differ.same(F.textNode(""), F.nullNode()), "empty is absent");
        assertTrue(Differ.same(F.objectNode(), null), "an empty mapping is absent");
        assertTrue(Differ.same(F.arrayNode(), F.missingNode()), "an empty list is absent");
        assertTrue(!Differ.same(F.textNode(""), F.textNode(" ")));
    }
}
