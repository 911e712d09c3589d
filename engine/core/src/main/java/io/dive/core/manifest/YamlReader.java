package io.dive.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dive.spi.DiveException;
import java.math.BigInteger;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Safe YAML reading with snakeyaml-engine's composer: no language-specific tags (only the core
 * schema's scalars), few aliases, a size limit, and a budget on expanded nodes so an alias bomb
 * ("billion laughs") is rejected instead of eating the heap. Every value keeps its line and column.
 */
public final class YamlReader {

    static final int MAX_ALIASES = 50;
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
    /** Far above any topology (DIVE V3 with 32 spokes is a few thousand values), far below what hurts. */
    static final int MAX_NODES = 100_000;
    /** Deeper than any topology needs, and far from the stack's end. */
    static final int MAX_DEPTH = 100;
    // ENV_TAG is what the resolver gives a plain "${NAME}": dive interpolates it itself, as a string.
    private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.ENV_TAG);

    private YamlReader() {
    }

    /** Nesting past this many open brackets is where a document that overflowed the parser is named. */
    static final int DEEP = 256;

    /**
     * {@code FILE:LINE:COL} of the first bracket that opens more than {@link #DEEP} levels of flow
     * collections (quoted text and comments skipped), or the file alone when there is none.
     */
    static String deepestAt(String fileLabel, String text) {
        int depth = 0;
        int line = 1;
        int col = 0;
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            col++;
            if (c == '\n') {
                line++;
                col = 0;
                comment = false;
                continue;
            }
            if (comment) {
                continue;
            }
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                comment = true;
            } else if (c == '[' || c == '{') {
                if (++depth > DEEP) {
                    return fileLabel + ":" + line + ":" + col;
                }
            } else if ((c == ']' || c == '}') && depth > 0) {
                depth--;
            }
        }
        return fileLabel;
    }

    public static YamlDocument read(String fileLabel, String text) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(fileLabel)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .build();
        Optional<Node> node;
        try {
            node = new Compose(settings).composeString(text);
        } catch (MarkedYamlEngineException e) {
            throw new DiveException(at(fileLabel, e.getProblemMark()) + ": invalid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            String located = aliasLimitAt(settings, text, fileLabel);
            if (located != null) {
                throw new DiveException(located + ": invalid YAML: more than " + MAX_ALIASES + " aliases of mappings or lists (alias bomb?)");
            }
            throw new DiveException(fileLabel + ": invalid YAML: " + firstLine(e.getMessage()));
        } catch (IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException e) {
            // The parser's own checks that do not come as YAML errors (a tag "!%a" is refused by Tag's constructor):
            // still a broken document, not a bug of dive's (found by fuzzing).
            throw new DiveException(fileLabel + ": invalid YAML: " + firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            // The parser recurses per nesting level: thousands of "[" exhaust the stack before any limit of ours.
            throw new DiveException(deepestAt(fileLabel, text) + ": invalid YAML: nested more than the parser can follow (a topology nests a few levels)");
        }
        SourceMap sources = new SourceMap(fileLabel);
        if (node.isEmpty()) {
            return new YamlDocument(JsonNodeFactory.instance.objectNode(), sources);
        }
        int[] budget = {MAX_NODES};
        JsonNode root = convert(node.get(), "", sources, budget, new java.util.IdentityHashMap<>());
        return new YamlDocument(root, sources);
    }

    /**
     * Where the alias past the composer's limit is (the composer says only that the limit was passed):
     * the events are read again, counting aliases of anchored mappings and lists, as the composer does.
     */
    private static String aliasLimitAt(LoadSettings settings, String text, String fileLabel) {
        Set<String> collections = new java.util.HashSet<>();
        int aliases = 0;
        try {
            for (org.snakeyaml.engine.v2.events.Event e : new org.snakeyaml.engine.v2.api.lowlevel.Parse(settings).parseString(text)) {
                if (e instanceof org.snakeyaml.engine.v2.events.CollectionStartEvent c && c.getAnchor().isPresent()) {
                    collections.add(c.getAnchor().get().getValue());
                } else if (e instanceof org.snakeyaml.engine.v2.events.AliasEvent a && a.getAnchor().isPresent()
                        && collections.contains(a.getAnchor().get().getValue()) && ++aliases > MAX_ALIASES) {
                    return at(fileLabel, a.getStartMark());
                }
            }
        } catch (YamlEngineException ignored) {
            // not an alias count after all: the caller reports the composer's words
        }
        return null;
    }

    /** @param open the collections being converted, outermost first: an alias to one of them is a value that contains itself */
    private static JsonNode convert(Node node, String pointer, SourceMap sources, int[] budget, java.util.Map<Node, Boolean> open) {
        if (--budget[0] < 0) {
            throw new DiveException(where(sources, node) + ": " + SourceMap.fieldPath(pointer)
                    + ": document expands to more than " + MAX_NODES + " values (alias bomb?)");
        }
        if (open.containsKey(node)) {
            throw new DiveException(where(sources, node) + ": " + SourceMap.fieldPath(pointer) + ": recursive alias: the value contains itself");
        }
        if (open.size() >= MAX_DEPTH && !(node instanceof ScalarNode)) {
            throw new DiveException(where(sources, node) + ": " + SourceMap.fieldPath(pointer) + ": nested more than " + MAX_DEPTH + " levels deep");
        }
        if (!(node instanceof ScalarNode)) {
            open.put(node, Boolean.TRUE);
            try {
                return collection(node, pointer, sources, budget, open);
            } finally {
                open.remove(node);
            }
        }
        return scalar((ScalarNode) node, pointer, sources);
    }

    private static JsonNode collection(Node node, String pointer, SourceMap sources, int[] budget, java.util.Map<Node, Boolean> open) {
        if (pointer.isEmpty()) {
            node.getStartMark().ifPresent(m -> sources.put("", m.getLine() + 1, m.getColumn() + 1));
        }
        if (node instanceof MappingNode mapping) {
            checkTag(node, Tag.MAP, pointer, sources);
            ObjectNode obj = JsonNodeFactory.instance.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                    throw new DiveException(where(sources, tuple.getKeyNode()) + ": " + SourceMap.fieldPath(pointer)
                            + ": keys must be plain strings");
                }
                String key = keyNode.getValue();
                String childPointer = SourceMap.child(pointer, key);
                if (obj.has(key)) {
                    throw new DiveException(where(sources, keyNode) + ": " + SourceMap.fieldPath(childPointer)
                            + ": duplicate key \"" + key + "\"");
                }
                // A field points at its key: that is the line a reader looks for.
                sources.put(childPointer, line(keyNode), column(keyNode));
                obj.set(key, convert(tuple.getValueNode(), childPointer, sources, budget, open));
            }
            return obj;
        }
        if (node instanceof SequenceNode sequence) {
            checkTag(node, Tag.SEQ, pointer, sources);
            ArrayNode arr = JsonNodeFactory.instance.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                String childPointer = pointer + "/" + i++;
                item.getStartMark().ifPresent(m -> sources.put(childPointer, m.getLine() + 1, m.getColumn() + 1));
                arr.add(convert(item, childPointer, sources, budget, open));
            }
            return arr;
        }
        throw new IllegalStateException("not a collection: " + node.getNodeType());
    }

    private static JsonNode scalar(ScalarNode scalar, String pointer, SourceMap sources) {
        Tag tag = scalar.getTag();
        if (!SCALAR_TAGS.contains(tag)) {
            throw new DiveException(where(sources, scalar) + ": " + SourceMap.fieldPath(pointer)
                    + ": tag " + tag.getValue() + " is not allowed (plain values only)");
        }
        String v = scalar.getValue();
        JsonNodeFactory f = JsonNodeFactory.instance;
        try {
            if (tag.equals(Tag.NULL)) {
                return f.nullNode();
            } else if (tag.equals(Tag.BOOL)) {
                return f.booleanNode(v.equalsIgnoreCase("true"));
            } else if (tag.equals(Tag.INT)) {
                BigInteger big = new BigInteger(v.replace("_", "").replace("+", ""));
                return big.bitLength() < 63 ? f.numberNode(big.longValue()) : f.numberNode(big);
            } else if (tag.equals(Tag.FLOAT)) {
                return f.numberNode(Double.parseDouble(v));
            }
        } catch (NumberFormatException e) {
            return f.textNode(v);
        }
        return f.textNode(v);
    }

    private static void checkTag(Node node, Tag expected, String pointer, SourceMap sources) {
        if (!node.getTag().equals(expected)) {
            throw new DiveException(where(sources, node) + ": " + SourceMap.fieldPath(pointer)
                    + ": tag " + node.getTag().getValue() + " is not allowed (plain values only)");
        }
    }

    private static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static int column(Node n) {
        return n.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    }

    private static String where(SourceMap sources, Node node) {
        return node.getStartMark().map(m -> at(sources.file(), Optional.of(m))).orElse(sources.file());
    }

    private static String at(String file, Optional<Mark> mark) {
        return mark.map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse(file);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
