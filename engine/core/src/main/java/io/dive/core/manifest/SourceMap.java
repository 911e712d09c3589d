package io.dive.core.manifest;

import io.dive.core.model.Location;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers where each value of a parsed YAML document stands, keyed by JSON Pointer
 * ({@code /spokes/1/code}), so that any later check can point the user at file:line:col.
 */
public final class SourceMap {

    private final String file;
    private final Map<String, int[]> positions = new HashMap<>();

    public SourceMap(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    void put(String pointer, int line, int column) {
        positions.put(pointer, new int[] {line, column});
    }

    /** The location of the pointer, or of its nearest ancestor that has one. */
    public Location locate(String pointer) {
        String p = pointer;
        while (true) {
            int[] pos = positions.get(p);
            if (pos != null) {
                return new Location(file, pos[0], pos[1]);
            }
            if (p.isEmpty()) {
                return new Location(file, 1, 1);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** {@code /spokes/1/code} -> {@code spokes[1].code}: the path in the user's terms. */
    public static String fieldPath(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            String token = part.replace("~1", "/").replace("~0", "~");
            if (token.chars().allMatch(Character::isDigit)) {
                out.append('[').append(token).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(token);
            }
        }
        return out.length() == 0 ? "(document)" : out.toString();
    }

    public static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }
}
