package io.dive.emulator.mongo;

/**
 * Runs the MongoDB wire-protocol EMULATOR as a server, for the local DIVE V3 stack's MongoDB stand-in:
 * {@code java -jar mongo-emulator.jar [--port 27017] [--election-ms 2000]}. It keeps its data in
 * memory (gone when it stops). As the mongo image does, MONGO_INITDB_ROOT_USERNAME and _PASSWORD make an
 * admin user, and then every connection must authenticate (SCRAM-SHA-256); without them it asks for none.
 * It is a stand-in for mongod, not one.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 27017;
        long election = 2000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--election-ms" -> election = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: --port, --election-ms)");
            }
        }
        ReplicaSetEmulator emulator = new ReplicaSetEmulator("0.0.0.0", port, election);
        String user = System.getenv("MONGO_INITDB_ROOT_USERNAME");
        String password = System.getenv("MONGO_INITDB_ROOT_PASSWORD");
        if (user != null && !user.isEmpty() && password != null && !password.isEmpty()) {
            emulator.withUser(user, password);
        }
        emulator.start();
        System.out.println("MongoDB wire-protocol EMULATOR (not mongod) listening on 0.0.0.0:" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close));
        Thread.currentThread().join();
    }
}
