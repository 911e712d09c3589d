package io.dive.emulator.mongo;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The EMULATOR's users, with mongod's rules where dive meets them: once a user exists, a connection must
 * authenticate (SCRAM-SHA-256 over saslStart / saslContinue, RFC 5802 and 7677, as the real driver speaks it)
 * before any command but the handshake; a wrong password fails with code 18, AuthenticationFailed; an
 * authenticated user can change a password with {@code updateUser} (or add a user with {@code createUser}).
 * Without users (the local stack's default) nothing is asked, as before. Passwords are kept in memory.
 */
final class ScramUsers {

    private static final int ITERATIONS = 4096;
    private static final Set<String> OPEN = Set.of("hello", "ismaster", "ping", "saslstart", "saslcontinue", "buildinfo", "getnonce",
            "endsessions", "whatsmyuri", "getlog", "getparameter");
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<Channel, String[]> conversations = new ConcurrentHashMap<>();
    private final Set<Channel> authenticated = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    void put(String user, String password) {
        passwords.put(user, password);
    }

    /** Throws Unauthorized (13) for a command a connection may not send before it authenticated. */
    void check(Channel channel, String command) {
        if (!passwords.isEmpty() && !authenticated.contains(channel) && !OPEN.contains(command.toLowerCase(java.util.Locale.ROOT))) {
            throw new MongoServerError(13, "Unauthorized", "command " + command + " requires authentication");
        }
    }

    /** What hello says when the driver asks which mechanisms a user has. */
    void hello(Document query, Document reply) {
        if (query.get("saslSupportedMechs") != null && !passwords.isEmpty()) {
            reply.put("saslSupportedMechs", java.util.List.of("SCRAM-SHA-256"));
        }
    }

    Document saslStart(Channel channel, Document query) {
        if (!"SCRAM-SHA-256".equals(query.get("mechanism"))) {
            throw new MongoServerError(2, "BadValue", "Unsupported mechanism " + query.get("mechanism") + " (the emulator speaks SCRAM-SHA-256)");
        }
        String first = text(query);
        String bare = first.substring(first.indexOf(',', first.indexOf(',') + 1) + 1);
        String user = attribute(bare, 'n').replace("=2C", ",").replace("=3D", "=");
        String clientNonce = attribute(bare, 'r');
        if (!passwords.containsKey(user)) {
            throw failed(channel);
        }
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] ours = new byte[18];
        random.nextBytes(ours);
        String serverFirst = "r=" + clientNonce + Base64.getEncoder().encodeToString(ours) + ",s=" + Base64.getEncoder().encodeToString(salt)
                + ",i=" + ITERATIONS;
        conversations.put(channel, new String[] {user, bare, serverFirst, Base64.getEncoder().encodeToString(salt)});
        channel.closeFuture().addListener(f -> {
            conversations.remove(channel);
            authenticated.remove(channel);
        });
        return reply(serverFirst, false);
    }

    Document saslContinue(Channel channel, Document query) {
        String[] c = conversations.get(channel);
        if (c == null) {
            throw new MongoServerError(17, "ProtocolError", "No SASL session state found");
        }
        String fin = text(query);
        if (fin.isEmpty() && authenticated.contains(channel)) {
            conversations.remove(channel);
            return reply("", true); // the empty last step of a driver that did not skip it
        }
        int p = fin.lastIndexOf(",p=");
        if (p < 0 || !attribute(fin, 'r').equals(attribute(c[2], 'r'))) {
            throw failed(channel);
        }
        try {
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(new PBEKeySpec(
                    Normalizer.normalize(passwords.get(c[0]), Normalizer.Form.NFKC).toCharArray(), Base64.getDecoder().decode(c[3]), ITERATIONS, 256))
                    .getEncoded();
            String authMessage = c[1] + "," + c[2] + "," + fin.substring(0, p);
            byte[] clientKey = hmac(salted, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] signature = hmac(storedKey, authMessage);
            byte[] proof = Base64.getDecoder().decode(fin.substring(p + 3));
            if (proof.length != signature.length) {
                throw failed(channel);
            }
            byte[] recovered = new byte[proof.length];
            for (int i = 0; i < proof.length; i++) {
                recovered[i] = (byte) (proof[i] ^ signature[i]);
            }
            if (!MessageDigest.isEqual(MessageDigest.getInstance("SHA-256").digest(recovered), storedKey)) {
                throw failed(channel);
            }
            authenticated.add(channel);
            boolean skipEmpty = query.get("options") instanceof Document o && Boolean.TRUE.equals(o.get("skipEmptyExchange"));
            if (skipEmpty) {
                conversations.remove(channel);
            }
            return reply("v=" + Base64.getEncoder().encodeToString(hmac(hmac(salted, "Server Key"), authMessage)), true);
        } catch (GeneralSecurityException e) {
            throw new MongoServerError(1, "InternalError", e.toString());
        }
    }

    /** updateUser / createUser: {updateUser: NAME, pwd: PASSWORD}. */
    Document setPassword(String command, Document query) {
        String user = String.valueOf(query.get(command));
        Object pwd = query.get("pwd");
        if (!(pwd instanceof String s) || s.isEmpty()) {
            throw new MongoServerError(2, "BadValue", command + ": pwd must be a non-empty string");
        }
        boolean exists = passwords.containsKey(user);
        if (command.equals("updateUser") && !exists) {
            throw new MongoServerError(11, "UserNotFound", "Could not find user \"" + user + "\" for db \"admin\"");
        }
        if (command.equals("createUser") && exists) {
            throw new MongoServerError(51003, "Location51003", "User \"" + user + "@admin\" already exists");
        }
        passwords.put(user, s);
        return new Document("ok", 1.0);
    }

    private MongoServerError failed(Channel channel) {
        conversations.remove(channel);
        authenticated.remove(channel);
        return new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
    }

    private static Document reply(String payload, boolean done) {
        return new Document("conversationId", 1).append("done", done).append("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)))
                .append("ok", 1.0);
    }

    private static String text(Document query) {
        Object p = query.get("payload");
        byte[] bytes = p instanceof BinData b ? b.getData() : p instanceof byte[] a ? a : new byte[0];
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() > 1 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return "";
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }
}
