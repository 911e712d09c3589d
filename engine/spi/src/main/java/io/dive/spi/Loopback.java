package io.dive.spi;

import java.util.Locale;

/**
 * Whether a host is this machine, by how it is written: {@code localhost}, {@code 127.x.y.z} or
 * {@code ::1}. No name is looked up (DNS could answer anything). Plaintext is allowed to these alone;
 * to any other host it needs the operator's explicit {@code insecure: true}.
 */
public final class Loopback {

    private Loopback() {
    }

    public static boolean is(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.matches("127(\\.\\d{1,3}){3}");
    }

    /**
     * Whether an address ({@code scheme://host:port/...} or {@code host:port}) leads to another machine: what
     * every provider asks before it lets a password travel without TLS.
     */
    public static boolean remote(String address) {
        return !is(hostOf(address));
    }

    /** The host of {@code scheme://host:port/...} (or of {@code host:port}), null when there is none. */
    public static String hostOf(String address) {
        String rest = address.contains("://") ? address.substring(address.indexOf("://") + 3) : address;
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String hostPort = rest.substring(0, end);
        hostPort = hostPort.substring(hostPort.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? hostPort : hostPort.substring(0, close + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
}
