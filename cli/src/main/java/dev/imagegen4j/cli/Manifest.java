package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The batch manifest, {@code manifest.jsonl} in the output directory: one JSON line per event of a job, appended
 * and forced to disk before the run goes on. Before a request is sent, a {@code sending} line names the run and
 * the files the job will write (the evidence that lets a killed run's images be recovered from disk); after it,
 * one outcome line: {@code ok} (files, provider, model, usage, cost, request id, warnings), {@code failed} (the
 * error; retried by a re-run) or {@code unknown} (the request may have been generated and paid for; sent again
 * only with {@code --retry-unknown}). Between them, a host that runs remote jobs adds a {@code job} line with the
 * job's handle as soon as it accepted the request, before it is polled ({@link BatchJobs}): a re-run resumes that
 * job instead of paying for a new one. The latest line of an id is its state.
 *
 * <p>A kill can only cut the last line (each line is written at once and forced before the next): such a torn
 * last line is cut off when the manifest is opened. Any other unreadable line is an error naming the line.
 */
final class Manifest implements AutoCloseable {

    static final String FILE = "manifest.jsonl";
    static final String SENDING = "sending";
    static final String OK = "ok";
    static final String FAILED = "failed";
    static final String UNKNOWN = "unknown";
    /** A job host accepted the request as a remote job: the line holds its handle (see {@link BatchJobs}). */
    static final String JOB = BatchJobs.JOB;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, JsonNode> latest = new HashMap<>();
    private final Map<String, JsonNode> intents = new HashMap<>();
    private final Map<String, JsonNode> jobs = new HashMap<>();
    private final Set<String> files = new HashSet<>();
    private String repaired;

    private Manifest(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Opens (or creates) the manifest of {@code dir}, reading what earlier runs recorded.
     *
     * @throws OutputRefusedException if a line other than a torn last one cannot be read
     */
    static Manifest open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Manifest m = new Manifest(file, ch);
        try {
            m.read();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return m;
    }

    private void read() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        int lineNo = 0;
        while (start < bytes.length) {
            lineNo++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            boolean last = end == bytes.length;
            JsonNode node;
            try {
                node = parse(bytes, start, end);
            } catch (IOException bad) {
                if (!last) {
                    throw new OutputRefusedException(file + " line " + lineNo + " is damaged (" + bad.getMessage()
                            + "); only a last line cut by a kill is repaired automatically: fix or delete that "
                            + "line, then run again");
                }
                channel.truncate(start);
                channel.force(true);
                repaired = "the last line of " + file + " was cut by a kill (" + (end - start)
                        + " bytes, " + bad.getMessage() + ") and was removed";
                return;
            }
            if (node != null) {
                remember(node);
            }
            if (last) {
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}), bytes.length);
                channel.force(true);
            }
            start = end + 1;
        }
    }

    /** The line's JSON object, or null for a blank line. */
    private static JsonNode parse(byte[] bytes, int start, int end) throws IOException {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, end - start));
        } catch (CharacterCodingException e) {
            throw new IOException("not valid UTF-8");
        }
        String line = text.toString();
        if (line.isBlank()) {
            return null;
        }
        JsonNode n;
        try {
            n = ResultPrinter.JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject() || !n.path("id").isTextual() || !n.path("status").isTextual()) {
            throw new IOException("not a manifest entry with an id and a status");
        }
        return n;
    }

    private void remember(JsonNode n) {
        String id = n.get("id").asText();
        latest.put(id, n);
        if (SENDING.equals(n.get("status").asText())) {
            intents.put(id, n);
            jobs.remove(id); // a new attempt: an earlier attempt's job is not this one's
        } else if (JOB.equals(n.get("status").asText())) {
            jobs.put(id, n);
        }
        for (JsonNode f : n.path("files")) {
            if (f.isTextual()) {
                files.add(f.asText().toLowerCase(Locale.ROOT));
            }
        }
    }

    /** What was done to a torn last line when the manifest was opened, if anything. */
    Optional<String> repaired() {
        return Optional.ofNullable(repaired);
    }

    /** The status of {@code id}'s latest line ({@link #OK}, {@link #FAILED}, ...), if it has one. */
    synchronized Optional<String> status(String id) {
        return Optional.ofNullable(latest.get(id)).map(n -> n.get("status").asText());
    }

    /** The latest line of {@code id}, if it has one. */
    synchronized Optional<JsonNode> latest(String id) {
        return Optional.ofNullable(latest.get(id));
    }

    /** Whether {@code id} finished successfully in an earlier run. */
    synchronized boolean done(String id) {
        return status(id).filter(OK::equals).isPresent();
    }

    /** The latest {@code sending} line of {@code id}: the files its last attempt was going to write. */
    synchronized Optional<JsonNode> intent(String id) {
        return Optional.ofNullable(intents.get(id));
    }

    /** The {@code job} line of {@code id}'s latest attempt, if a job host accepted it as a remote job. */
    synchronized Optional<JsonNode> job(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** Whether any line of this manifest names {@code fileName} (a file of the directory): the batch wrote it. */
    synchronized boolean recorded(String fileName) {
        return files.contains(fileName.toLowerCase(Locale.ROOT));
    }

    /** Appends a line and forces it to disk. */
    synchronized void append(ObjectNode line) throws IOException {
        byte[] bytes = (ResultPrinter.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        long position = channel.size();
        while (buf.hasRemaining()) {
            position += channel.write(buf, position);
        }
        channel.force(false);
        remember(line);
    }

    /** Appends {@code line} if {@code id}'s latest line is still its intent or its job (no outcome yet). */
    synchronized boolean appendIfPending(String id, ObjectNode line) throws IOException {
        if (!status(id).filter(s -> s.equals(SENDING) || s.equals(JOB)).isPresent()) {
            return false;
        }
        append(line);
        return true;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
