package io.dive.provider.keycloak;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an observation reads, realm by realm and server by server (realms of the same name may live on
 * two servers), and then what it found.
 */
final class RealmReads {

    /** A realm on a server (null: the default server). */
    record Key(String server, String realm) {
    }

    final Map<Key, RealmSnapshot.Needs> needs = new LinkedHashMap<>();
    /** Servers the engine says are gone for good: nothing is read there. */
    final java.util.Set<String> gone;

    RealmReads(java.util.Set<String> gone) {
        this.gone = gone;
    }
    final Map<Key, RealmSnapshot> found = new LinkedHashMap<>();

    /** The resource whose needs are being declared, so that a realm that cannot be read blames only those that need it. */
    io.dive.spi.Address declaring;
    final Map<Key, java.util.Set<io.dive.spi.Address>> neededBy = new LinkedHashMap<>();

    RealmSnapshot.Needs need(String server, String realm) {
        Key key = new Key(server, realm);
        if (declaring != null) {
            neededBy.computeIfAbsent(key, k -> new java.util.HashSet<>()).add(declaring);
        }
        return needs.computeIfAbsent(key, k -> new RealmSnapshot.Needs());
    }

    RealmSnapshot get(String server, String realm) {
        return found.get(new Key(server, Objects.requireNonNull(realm)));
    }
}
