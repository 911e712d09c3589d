package io.dive.provider.keycloak.sandbox;

import io.dive.spi.DiveException;
import io.dive.spi.Log;
import io.dive.spi.Sandbox;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/** {@code dive sandbox ... keycloak}: the {@link KeycloakSandbox} of ~/.cache/dive/sandbox, admin / admin. */
public final class KeycloakSandboxService implements Sandbox {

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public int defaultPort() {
        return 8080;
    }

    @Override
    public String url(int port) {
        return sandbox(port, Log.NONE, name -> null).url();
    }

    @Override
    public boolean isUp(int port) {
        return sandbox(port, Log.NONE, name -> null).isUp();
    }

    @Override
    public void up(int port, Duration timeout, Function<String, String> env, Log progress) {
        try {
            sandbox(port, progress, env).up(timeout);
        } catch (IOException e) {
            throw new DiveException("dive sandbox up: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiveException("dive sandbox up: interrupted");
        }
    }

    @Override
    public boolean down(int port) {
        try {
            return sandbox(port, Log.NONE, name -> null).down();
        } catch (IOException e) {
            throw new DiveException("dive sandbox down: " + e.getMessage());
        }
    }

    private static KeycloakSandbox sandbox(int port, Log progress, Function<String, String> env) {
        return KeycloakSandbox.standard(port, new PrintStream(new LineSink(progress), true, StandardCharsets.UTF_8), env);
    }

    /** Hands each printed line to the log. */
    private static final class LineSink extends OutputStream {
        private final Log log;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineSink(Log log) {
            this.log = log;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                log.line(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
