package io.dive.provider.keycloak;

import io.dive.spi.ProviderException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.function.Supplier;

/**
 * How one admin call is made and how it fails: the admin client's exceptions become one-line
 * ProviderExceptions naming the call and the server's answer (a request body never: it may carry a
 * secret); a 404 means "absent" to a read and "already done" to a delete. Reads ({@link #read},
 * {@link #readOrNull}) are tried again when the failure is a passing one (502, 503, 504, a connection
 * reset or refused while Keycloak restarts), with the shared {@link io.dive.spi.Retry} backoff; writes
 * never are: a lost answer to a write is resolved by reading, not by sending it again.
 */
final class AdminCalls {

    private final String baseUrl;

    AdminCalls(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (WebApplicationException e) {
            throw answered(what, e.getResponse());
        } catch (ProcessingException e) {
            throw unreachable(what.replaceFirst(" ", " " + baseUrl), e);
        }
    }

    <T> T orNull(String what, Supplier<T> action) {
        try {
            return call(what, action);
        } catch (NotFoundFailure gone) {
            return null;
        }
    }

    /** An idempotent read (GET), tried again on a passing failure. */
    <T> T read(String what, Supplier<T> action) {
        return io.dive.spi.Retry.reading(io.dive.spi.Retry.Backoff.READS, e -> e instanceof PassingFailure, () -> call(what, action));
    }

    /** {@link #read}, with a 404 as null. */
    <T> T readOrNull(String what, Supplier<T> action) {
        try {
            return read(what, action);
        } catch (NotFoundFailure gone) {
            return null;
        }
    }

    void run(String what, Runnable action) {
        call(what, () -> {
            action.run();
            return null;
        });
    }

    /** A DELETE of something already gone has done its job. */
    void runUnlessGone(String what, Runnable action) {
        try {
            run(what, action);
        } catch (NotFoundFailure gone) {
            // nothing left to delete
        }
    }

    /** A POST that answers 201 with a Location; returns the id at its end. */
    String created(String what, Supplier<Response> post) {
        return call(what, () -> {
            try (Response r = post.get()) {
                if (r.getStatus() != 201) {
                    throw answered(what, r);
                }
                String location = r.getHeaderString("Location");
                return location == null ? null : location.substring(location.lastIndexOf('/') + 1);
            }
        });
    }

    /**
     * Sorts an answer that is not a success. 502-504 pass (a proxy, a restart); so does 500: Keycloak's own
     * failures roll the request back, and some come of its concurrency alone (its user cache's
     * NullPointerException on a create while other realms are being written, seen under load): the same
     * request sent again succeeds, and a create that did land answers 409 the second time.
     */
    static ProviderException answered(String what, Response r) {
        String message = what + ": Keycloak answered " + r.getStatus() + " " + brief(body(r));
        int status = r.getStatus();
        if (status == 500 || status == 502 || status == 503 || status == 504) {
            return new PassingFailure(message);
        }
        return status == 404 ? new NotFoundFailure(message)
                : status == 409 ? ProviderException.exists(message)
                : new ProviderException(message, status >= 400 && status < 500 && status != 408 && status != 429);
    }

    static String body(Response r) {
        try {
            return r.hasEntity() ? r.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            return "";
        }
    }

    static ProviderException unreachable(String what, ProcessingException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        // A refused certificate is no outage: its own words (TlsTrust's: server, host, subject) say all.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException ce && ce.getMessage() != null) {
                return new ProviderException(what + ": TLS refused: " + ce.getMessage(), true);
            }
        }
        String message = what + ": cannot reach Keycloak: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()) + " (is it running? dive sandbox up starts a local one)";
        // Refused, reset or closed mid-answer: the server is restarting or a proxy dropped us; a read may try again.
        // (Certificate refusals returned above: any other I/O failure is the connection's, not the request's.)
        return cause instanceof java.io.IOException ? new PassingFailure(message) : new ProviderException(message);
    }

    static String brief(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String b = body.replaceAll("\\s+", " ").trim();
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }

    /** A failure that passes (502, 503, 504, a reset or refused connection): a read may be made again. */
    static final class PassingFailure extends ProviderException {
        PassingFailure(String message) {
            super(message, false, false, true);
        }
    }

    /** A 404: for reads, "absent"; for deletes, "already done". */
    private static final class NotFoundFailure extends ProviderException {
        NotFoundFailure(String message) {
            super(message);
        }
    }
}
