package io.dive.provider.keycloak;

import java.util.ArrayList;
import java.util.List;

/** A hub ({@code usa}) and N spokes from the built-in templates, for the fault and load tests. */
final class SpokesTopology {

    static final String[] CODES = {"fra", "deu", "gbr", "ita", "esp", "nld", "bel", "pol", "nor", "dnk", "swe", "fin", "prt", "grc",
            "cze", "hun", "rou", "bgr", "svk", "svn"};

    private SpokesTopology() {
    }

    /**
     * Codes for a test that runs next to the others on the same Keycloak: its realms' names are not theirs
     * (Keycloak may refuse a realm made again with the name of one deleted a moment before).
     */
    static final String[] OTHER_CODES = {"can", "aus", "nzl", "jpn", "kor", "bra", "arg", "chl", "mex", "per", "col", "ecu", "ury", "pry", "bol",
            "ven", "cub"};

    /** The realms it makes: the hub's, then each spoke's. */
    static List<String> realms(int spokes) {
        return realms("usa", CODES, spokes);
    }

    static List<String> realms(String hub, String[] codes, int spokes) {
        List<String> out = new ArrayList<>(List.of("dive-v3-broker-" + hub));
        for (int i = 0; i < spokes; i++) {
            out.add("dive-v3-broker-" + codes[i]);
        }
        return out;
    }

    /** The manifest; {@code url} may be a literal or an interpolation such as {@code ${env:DIVE_KEYCLOAK_URL}}. */
    static String manifest(String name, String url, int spokes) {
        return manifest(name, url, "usa", CODES, spokes);
    }

    static String manifest(String name, String url, String hub, String[] codes, int spokes) {
        StringBuilder m = new StringBuilder("name: " + name + "\nkeycloak:\n  url: " + url + "\n  admin: {username: admin, password: admin}\n"
                + "hub: {code: " + hub + "}\nspokes:\n");
        for (int i = 0; i < spokes; i++) {
            m.append("  - {code: ").append(codes[i]).append("}\n");
        }
        return m.toString();
    }
}
