package dev.imagegen4j.internal;

import dev.imagegen4j.ImageSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** A file target that writes a temporary file and renames it into place on commit. */
public final class AtomicFileTarget implements ImageSink.Target {
    private final Path target;
    private final Path temp;
    private final OutputStream out;

    public AtomicFileTarget(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        this.temp = Files.createTempFile(dir, "." + this.target.getFileName(), ".part");
        this.out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024);
    }

    @Override
    public OutputStream stream() {
        return out;
    }

    @Override
    public Optional<Path> commit() throws IOException {
        try {
            out.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(target);
        } catch (IOException e) {
            abort();
            throw e;
        }
    }

    @Override
    public void abort() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the temp file is deleted below either way
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // nothing more can be done; the name marks it as partial
        }
    }
}
