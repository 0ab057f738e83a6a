package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch manifest, {@code manifest.jsonl} in the output directory: one line per finished job (id,
 * status, files, provider, model, usage, cost, request id, or error), appended and forced to disk after
 * the job's images were renamed into place. A torn last line (a kill mid-write) is ignored on reading.
 */
final class Manifest implements AutoCloseable {

    static final String FILE = "manifest.jsonl";

    private final FileChannel channel;
    private final Map<String, JsonNode> latest;

    private Manifest(FileChannel channel, Map<String, JsonNode> latest) {
        this.channel = channel;
        this.latest = latest;
    }

    static Manifest open(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        Map<String, JsonNode> latest = new HashMap<>();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = ResultPrinter.JSON.readTree(line);
                    if (n != null && n.hasNonNull("id")) {
                        latest.put(n.get("id").asText(), n);
                    }
                } catch (IOException torn) {
                    // a line cut by a kill: the job it describes is not counted as finished
                }
            }
            ensureTrailingNewline(file);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new Manifest(ch, latest);
    }

    private static void ensureTrailingNewline(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, size - 1);
            if (last.get(0) != '\n') {
                ch.write(ByteBuffer.wrap(new byte[] {'\n'}), size);
            }
        }
    }

    /** Whether {@code id} finished successfully in an earlier run. */
    synchronized boolean done(String id) {
        JsonNode n = latest.get(id);
        return n != null && "ok".equals(n.path("status").asText());
    }

    /** Appends a line and forces it to disk. */
    synchronized void append(ObjectNode line) throws IOException {
        byte[] bytes = (ResultPrinter.JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        latest.put(line.get("id").asText(), line);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
