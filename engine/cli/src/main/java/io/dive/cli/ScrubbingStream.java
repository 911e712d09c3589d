package io.dive.cli;

import io.dive.spi.Redaction;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that passes each line through {@link Redaction#scrub} before it reaches the real
 * stream: a secret value can then not leave dive through any print, whoever wrote it. Bytes are held
 * until a newline or a flush, so a value printed in pieces by one call is still found.
 */
final class ScrubbingStream extends OutputStream {

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private ScrubbingStream(PrintStream target) {
        this.target = target;
    }

    static PrintStream around(PrintStream target) {
        return new PrintStream(new ScrubbingStream(target), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            emit();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() {
        emit();
        target.flush();
    }

    private void emit() {
        if (line.size() > 0) {
            byte[] out = Redaction.scrub(line.toString(StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            target.write(out, 0, out.length);
            line.reset();
        }
    }

    @Override
    public void close() {
        flush();
    }
}
