package io.dive.spi.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.time.Instant;

/** Who holds a state lock: enough for the refused user to find the process. */
public record LockHolder(String user, String host, long pid, String command, String since) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static LockHolder current(String command) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return new LockHolder(System.getProperty("user.name"), host, ProcessHandle.current().pid(), command,
                Instant.now().toString());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static LockHolder fromJson(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return new LockHolder(n.path("user").asText(), n.path("host").asText(), n.path("pid").asLong(),
                    n.path("command").asText(), n.path("since").asText());
        } catch (Exception e) {
            return null;
        }
    }

    public String describe() {
        return "\"" + command + "\" (pid " + pid + " on " + host + ", user " + user + ", since " + since + ")";
    }
}
