package io.dive.provider.postgres;

import io.dive.spi.DiveException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * {@code postgresql://USER:PASSWORD@HOST:PORT/DB?param=value} as a JDBC connection. The password may
 * instead come from {@code PGPASSWORD}. Messages show the URL without its password.
 */
record PostgresUrl(String jdbcUrl, String user, String password, String display) {

    static PostgresUrl parse(String url, java.util.function.Function<String, String> env) {
        URI u;
        try {
            u = URI.create(url.replaceFirst("^postgres(ql)?://", "postgresql://"));
        } catch (IllegalArgumentException e) {
            throw new DiveException("state " + io.dive.spi.state.StateUrls.redact(url) + ": not a postgresql://USER:PASSWORD@HOST:PORT/DB URL");
        }
        String user = null;
        String password = env.apply("PGPASSWORD");
        if (u.getRawUserInfo() != null) {
            String[] parts = u.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            if (parts.length > 1) {
                password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        }
        String host = u.getHost() == null ? "127.0.0.1" : u.getHost();
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + db + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return new PostgresUrl(jdbc, user, password, io.dive.spi.state.StateUrls.redact(url));
    }

    Connection connect() {
        Properties p = new Properties();
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
