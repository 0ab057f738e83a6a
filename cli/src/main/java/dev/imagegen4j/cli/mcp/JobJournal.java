package dev.imagegen4j.cli.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jobs of the server, one JSON line per event, in the image directory ({@value #FILE_NAME}), flushed to disk
 * before a job is sent and when it ends. A server started later reads it back, so a retry with an idempotency key
 * still gets the first call's result after a restart, and a job that was in flight when the server stopped is
 * reported as an unknown outcome (maybe generated and billed) instead of being sent again. Lines are small and
 * appended; a torn last line (a crash mid-write) is skipped. Thread-safe.
 */
final class JobJournal {

    static final String FILE_NAME = ".imagegen-mcp-jobs.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNKNOWN = "outcome unknown: this job was still running when the image server stopped. "
            + "The image may have been generated and billed, and it was not saved. It is not sent again under "
            + "this idempotency_key; to generate anyway, call again with a new idempotency_key.";

    private final Path file;

    JobJournal(Path directory) {
        this.file = directory.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** The jobs recorded so far, oldest first; a job with no end is an unknown outcome. */
    List<ImageJob> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        Map<String, JsonNode> started = new LinkedHashMap<>();
        Map<String, ImageJob.Outcome> ended = new LinkedHashMap<>();
        for (String line : lines) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException torn) {
                continue;
            }
            if (n == null || !n.hasNonNull("job")) {
                continue;
            }
            String job = n.get("job").asText();
            switch (n.path("event").asText()) {
                case "started":
                    started.put(job, n);
                    break;
                case "done":
                    ended.put(job, new ImageJob.Outcome(JSON.convertValue(n.get("result"),
                            new TypeReference<Map<String, Object>>() {
                            }), null));
                    break;
                case "failed":
                    ended.put(job, new ImageJob.Outcome(null, new ImageJob.Failure(n.path("fixable").asBoolean(),
                            n.path("message").asText(), n.path("released").asBoolean())));
                    break;
                default:
                    break;
            }
        }
        List<ImageJob> jobs = new java.util.ArrayList<>();
        started.forEach((id, n) -> {
            ImageJob.Outcome o = ended.getOrDefault(id, new ImageJob.Outcome(null, new ImageJob.Failure(false, UNKNOWN,
                    false)));
            jobs.add(ImageJob.finished(id, n.path("tool").asText(), n.hasNonNull("key") ? n.get("key").asText() : null,
                    n.path("fingerprint").asText(), o));
        });
        return jobs;
    }

    void started(ImageJob job) throws IOException {
        Map<String, Object> line = line("started", job);
        line.put("tool", job.tool);
        line.put("key", job.key);
        line.put("fingerprint", job.fingerprint);
        append(line);
    }

    void ended(ImageJob job, ImageJob.Outcome o) throws IOException {
        if (o.done() != null) {
            Map<String, Object> line = line("done", job);
            line.put("result", o.done());
            append(line);
        } else {
            Map<String, Object> line = line("failed", job);
            line.put("fixable", o.failure().fixable());
            line.put("released", o.failure().released());
            line.put("message", o.failure().message());
            append(line);
        }
    }

    private static Map<String, Object> line(String event, ImageJob job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.now().toString());
        m.put("event", event);
        m.put("job", job.id);
        return m;
    }

    private synchronized void append(Map<String, Object> line) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE, StandardOpenOption.DSYNC)) {
            out.write(bytes);
        }
    }
}
