package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One batch run per output directory at a time: an exclusive OS lock on {@code DIR/.imagegen/lock}, held for the
 * whole run. The file says who holds it ({@code {"pid": ..., "host": ..., "started": ..., "run": ...}}), for the
 * message a second run gets. The OS releases the lock when its process dies, so a lock left by a killed run is
 * stale by construction: the next run takes it over and says so. The file is emptied, not deleted, on release
 * (deleting it would let two runs lock two different files of the same name).
 */
final class BatchLock implements AutoCloseable {

    static final String STATE_DIR = ".imagegen";
    static final String FILE = "lock";

    private final FileChannel channel;
    private final FileLock lock;
    private final String previous;

    private BatchLock(FileChannel channel, FileLock lock, String previous) {
        this.channel = channel;
        this.lock = lock;
        this.previous = previous;
    }

    /**
     * Locks {@code dir} for run {@code runId}.
     *
     * @throws OutputRefusedException if another live run holds it, naming that run
     */
    static BatchLock acquire(Path dir, String runId, String host) throws IOException {
        Path file = Files.createDirectories(dir.resolve(STATE_DIR)).resolve(FILE);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
            if (lock == null) {
                String holder = describe(read(ch)).orElse("its details are not written yet");
                throw new OutputRefusedException(dir + " is in use by another imagegen batch (" + holder + "); "
                        + "wait for it to finish, or use another --out directory. Nothing was sent.");
            }
            String before = read(ch);
            ObjectNode me = ResultPrinter.JSON.createObjectNode();
            me.put("pid", ProcessHandle.current().pid());
            me.put("host", host);
            me.put("started", Instant.now().toString());
            me.put("run", runId);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
            return new BatchLock(ch, lock, before);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** The id of the run that held the lock before and ended without releasing it (killed), if any. */
    Optional<String> staleRun() {
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(ResultPrinter.JSON.readTree(previous).path("run").asText(null));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** The run that held the lock before and ended without releasing it (killed), if any. */
    Optional<String> stale() {
        return describe(previous);
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    }

    private static Optional<String> describe(String content) {
        if (content.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode n = ResultPrinter.JSON.readTree(content);
            return Optional.of("pid " + n.path("pid").asText("?") + " on " + n.path("host").asText("?")
                    + ", started " + n.path("started").asText("?") + ", run " + n.path("run").asText("?"));
        } catch (IOException unreadable) {
            return Optional.of("lock file unreadable");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0);
            channel.force(true);
            lock.release();
        } finally {
            channel.close();
        }
    }
}
