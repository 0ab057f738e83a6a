package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Appends one JSON line per recorded request to a file, flushed per line, so a process outside the JVM can
 * count what the emulator answered (and so what a real vendor would have billed). Fields: {@code time}
 * (ISO-8601 instant the request head was read), {@code method}, {@code path}, {@code dialect} ({@code openai},
 * {@code azure}, {@code aimlapi}, or null outside the services), {@code model}, {@code deployment} (Azure),
 * {@code status} (0 when the connection was reset by a fault), {@code request_id}, {@code outcome},
 * {@code ms}. Secrets (headers, bodies) are never written. Thread-safe.
 */
final class JournalFile implements Consumer<RecordedRequest>, Closeable {

    private final Path path;
    private final OutputStream out;
    private volatile boolean failed;

    /**
     * Opens {@code path} for appending (creating it and missing parent folders).
     *
     * @throws UncheckedIOException when the file cannot be opened
     */
    JournalFile(Path path) {
        this.path = path;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal file " + path + " for appending: " + e, e);
        }
    }

    static String line(RecordedRequest r) {
        ObjectNode o = Errors.JSON.createObjectNode();
        o.put("time", r.receivedAt().toString());
        o.put("method", r.method());
        o.put("path", r.path());
        if (r.dialect().isPresent()) {
            o.put("dialect", r.dialect().get().name().toLowerCase(Locale.ROOT));
        } else {
            o.putNull("dialect");
        }
        putOrNull(o, "model", r.model().orElse(null));
        putOrNull(o, "deployment", r.deployment().orElse(null));
        o.put("status", r.status());
        o.put("request_id", r.requestId());
        o.put("outcome", r.outcome());
        o.put("ms", r.elapsedMillis());
        return o.toString();
    }

    /**
     * The request log line: dialect, method, path, model (or deployment), outcome (status first) and time to
     * answer, e.g. {@code openai POST /v1/images/generations model=gpt-image-2 -> 200 generations ... (35 ms)}.
     */
    static String logLine(RecordedRequest r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.dialect().map(d -> d.name().toLowerCase(Locale.ROOT)).orElse("-")).append(' ')
                .append(r.method()).append(' ').append(r.path());
        r.model().ifPresent(m -> sb.append(" model=").append(m));
        r.deployment().ifPresent(d -> sb.append(" deployment=").append(d));
        sb.append(" -> ").append(r.status() == 0 ? "reset" : r.outcome()).append(" (").append(r.elapsedMillis())
                .append(" ms) ").append(r.requestId());
        return sb.toString();
    }

    private static void putOrNull(ObjectNode o, String name, String value) {
        if (value == null) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }

    @Override
    public synchronized void accept(RecordedRequest r) {
        if (failed) {
            return;
        }
        try {
            out.write((line(r) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            failed = true; // a broken journal must not break the emulator; the stderr note says why
            System.err.println("imagegen4j emulator: writing the journal file " + path + " failed, no further lines "
                    + "are written: " + e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
