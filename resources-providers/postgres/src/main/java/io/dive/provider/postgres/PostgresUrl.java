package io.dive.provider.postgres;

import io.dive.spi.DiveException;
import io.dive.spi.state.StateUrls;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code postgresql://USER:PASSWORD@HOST:PORT/DB?param=value} as a JDBC connection. The URL is split by
 * hand (the user info ends at the last {@code @}, so a password may hold {@code @}, {@code /} or
 * {@code :}), and user and password go to the driver as connection properties, never inside a URL.
 * The password may instead come from {@code PGPASSWORD}. Messages show the URL without its password.
 *
 * <p>TLS: to a host that is not loopback the connection is {@code sslmode=verify-full} unless the URL says
 * otherwise, with {@code sslrootcert=CA.pem} as the CA; a weaker {@code sslmode} to such a host is refused
 * unless the URL also says {@code insecure=true}, which every run then prints as a warning.
 */
record PostgresUrl(String jdbcUrl, String user, String password, Properties params, String display, List<String> warnings) {

    static PostgresUrl parse(String url, java.util.function.Function<String, String> env) {
        String display = StateUrls.redact(url);
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            throw new DiveException("state " + display + ": not a postgresql://USER:PASSWORD@HOST:PORT/DB URL");
        }
        String rest = url.substring(scheme + 3);
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        String hostAndDb = rest.substring(at + 1);
        int slash = hostAndDb.indexOf('/');
        String hostPort = slash < 0 ? hostAndDb : hostAndDb.substring(0, slash);
        String db = slash < 0 || slash == hostAndDb.length() - 1 ? "postgres" : decode(hostAndDb.substring(slash + 1));
        String host = hostPort;
        int port = 5432;
        int colon = hostPort.startsWith("[") ? hostPort.indexOf(':', hostPort.indexOf(']')) : hostPort.lastIndexOf(':');
        if (colon >= 0) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new DiveException("state " + display + ": the port is not a number");
            }
        }
        if (host.isEmpty()) {
            host = "127.0.0.1";
        }
        String user = null;
        String password = env.apply("PGPASSWORD");
        if (userInfo != null) {
            int c = userInfo.indexOf(':');
            user = decode(c < 0 ? userInfo : userInfo.substring(0, c));
            if (c >= 0) {
                password = decode(userInfo.substring(c + 1));
            }
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String kv : query.split("&")) {
                if (!kv.isEmpty()) {
                    int eq = kv.indexOf('=');
                    params.put(decode(eq < 0 ? kv : kv.substring(0, eq)), eq < 0 ? "" : decode(kv.substring(eq + 1)));
                }
            }
        }
        boolean insecure = "true".equalsIgnoreCase(params.remove("insecure"));
        List<String> warnings = new java.util.ArrayList<>();
        if (!io.dive.spi.Loopback.is(host)) {
            String mode = params.getOrDefault("sslmode", "verify-full");
            if (!mode.equals("verify-full")) {
                if (!insecure) {
                    throw new DiveException("state " + display + ": sslmode=" + mode + " does not verify the server " + host
                            + "; use sslmode=verify-full (with sslrootcert=CA.pem when a private CA signed it), or add insecure=true");
                }
                warnings.add("insecure: state " + display + " is reached with sslmode=" + mode + ": the server " + host + " is not verified");
            }
            params.put("sslmode", mode);
        }
        Properties p = new Properties();
        params.forEach(p::setProperty);
        String jdbc = "jdbc:postgresql://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port + "/"
                + java.net.URLEncoder.encode(db, StandardCharsets.UTF_8);
        return new PostgresUrl(jdbc, user, password, p, display, List.copyOf(warnings));
    }


    /** Percent-decoding only: a {@code +} in a password stays a plus. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // a lone % is taken as written
        }
    }

    Connection connect() {
        Properties p = new Properties();
        p.putAll(params);
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", "dive");
        p.setProperty("connectTimeout", "10");
        try {
            return DriverManager.getConnection(jdbcUrl, p);
        } catch (SQLException e) {
            throw new DiveException("state " + display + ": cannot connect: " + e.getMessage());
        }
    }
}
