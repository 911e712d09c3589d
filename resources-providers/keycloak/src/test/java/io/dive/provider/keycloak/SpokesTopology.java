package io.dive.provider.keycloak;

import java.util.ArrayList;
import java.util.List;

/** A hub ({@code usa}) and N spokes from the built-in templates, for the fault and load tests. */
final class SpokesTopology {

    static final String[] CODES = {"fra", "deu", "gbr", "ita", "esp", "nld", "bel", "pol", "nor", "dnk", "swe", "fin", "prt", "grc",
            "cze", "hun", "rou", "bgr", "svk", "svn"};

    private SpokesTopology() {
    }

    /** The realms it makes: the hub's, then each spoke's. */
    static List<String> realms(int spokes) {
        List<String> out = new ArrayList<>(List.of("dive-v3-broker-usa"));
        for (int i = 0; i < spokes; i++) {
            out.add("dive-v3-broker-" + CODES[i]);
        }
        return out;
    }

    /** The manifest; {@code url} may be a literal or an interpolation such as {@code ${env:DIVE_KEYCLOAK_URL}}. */
    static String manifest(String name, String url, int spokes) {
        StringBuilder m = new StringBuilder("name: " + name + "\nkeycloak:\n  url: " + url + "\n  admin: {username: admin, password: admin}\n"
                + "hub: {code: usa}\nspokes:\n");
        for (int i = 0; i < spokes; i++) {
            m.append("  - {code: ").append(CODES[i]).append("}\n");
        }
        return m.toString();
    }
}
