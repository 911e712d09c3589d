package io.dive.spi;

import java.util.concurrent.ThreadFactory;

/** Named daemon threads: a pool that is forgotten never keeps the JVM (and so a dive run) alive. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
