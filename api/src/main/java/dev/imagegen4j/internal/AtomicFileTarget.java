package dev.imagegen4j.internal;

import dev.imagegen4j.ImageSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way files are written: a temporary file beside the target, forced to disk and moved into place on
 * commit, so a file is whole or absent, never torn.
 *
 * <ul>
 *   <li>The temporary file is {@code .NAME.RANDOM.part} (see {@link #targetOfTemporary}), created with the
 *       default permissions: the umask applies, as for any file a user's tools create.</li>
 *   <li>{@link #replacing(Path)} replaces an existing target. {@link #creating(Path, IntFunction)} never does:
 *       it links the temporary file to the first free name among the target and its alternatives (an atomic
 *       "create if absent"), so a file that appeared meanwhile is kept and the new one still reaches the disk.</li>
 * </ul>
 *
 * <p>Used by one thread at a time.
 */
public final class AtomicFileTarget implements ImageSink.Target {

    private static final String SUFFIX = ".part";
    private static final int MAX_NAME_IN_TEMP = 120;
    private static final int MAX_ALTERNATIVES = 10_000;
    private static final Pattern TEMPORARY = Pattern.compile("\\.(.+)\\.[0-9a-f]{16}\\.part");
    private static final Pattern LEGACY_TEMPORARY = Pattern.compile("\\.(.+?)[0-9]+\\.part");

    private final Path target;
    private final IntFunction<Path> alternative;
    private final boolean replace;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream out;
    private Path written;

    /** Same as {@link #replacing(Path)}. */
    public AtomicFileTarget(Path target) throws IOException {
        this(target, true, null);
    }

    private AtomicFileTarget(Path target, boolean replace, IntFunction<Path> alternative) throws IOException {
        this.target = target.toAbsolutePath();
        this.replace = replace;
        this.alternative = alternative;
        Path dir = this.target.getParent();
        Path t;
        FileChannel ch;
        while (true) {
            t = dir.resolve(temporaryName(this.target.getFileName().toString()));
            try {
                ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                break;
            } catch (FileAlreadyExistsException taken) {
                // another writer drew the same random name: draw again
            }
        }
        this.temp = t;
        this.channel = ch;
        this.out = new BufferedOutputStream(Channels.newOutputStream(ch), 64 * 1024);
    }

    /** A target that replaces {@code target} if it exists. */
    public static AtomicFileTarget replacing(Path target) throws IOException {
        return new AtomicFileTarget(target, true, null);
    }

    /**
     * A target that never replaces a file: on commit the image goes to {@code target}, or if that name is taken
     * to {@code alternative.apply(2)}, {@code alternative.apply(3)}, ... (e.g. {@link FileNames#copy}); with
     * {@code alternative} null a taken name fails the commit with {@link FileAlreadyExistsException}.
     */
    public static AtomicFileTarget creating(Path target, IntFunction<Path> alternative) throws IOException {
        return new AtomicFileTarget(target, false, alternative);
    }

    /**
     * Checks, without writing anything that stays, that {@code target} can be written: its directory exists and
     * takes new files, and (when the target does not exist) a file of exactly that name can be created there.
     *
     * @throws IOException saying what is wrong, e.g. a read-only directory or a name that is too long
     */
    public static void probe(Path target) throws IOException {
        Path t = target.toAbsolutePath();
        Path dir = t.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException("directory " + dir + " does not exist");
        }
        Path tmp = dir.resolve(temporaryName(t.getFileName().toString()));
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        Files.delete(tmp);
        try {
            Files.newByteChannel(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        } catch (FileAlreadyExistsException exists) {
            return; // the caller's policy decides whether an existing file may be replaced
        }
        Files.delete(t);
    }

    /**
     * The name of the target a temporary file was written for, if {@code fileName} is one: this class's
     * {@code .NAME.RANDOM.part}, or the {@code .NAMEdigits.part} of earlier versions. A NAME longer than 120
     * characters comes back cut to 120.
     */
    public static Optional<String> targetOfTemporary(String fileName) {
        Matcher m = TEMPORARY.matcher(fileName);
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        m = LEGACY_TEMPORARY.matcher(fileName);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String temporaryName(String targetName) {
        return "." + truncated(targetName) + "." + String.format("%016x", ThreadLocalRandom.current().nextLong())
                + SUFFIX;
    }

    private static String truncated(String name) {
        return name.length() <= MAX_NAME_IN_TEMP ? name : name.substring(0, MAX_NAME_IN_TEMP);
    }

    /** The file this target was opened for (the committed file may be an alternative). */
    public Path target() {
        return target;
    }

    @Override
    public OutputStream stream() {
        return out;
    }

    @Override
    public Optional<Path> commit() throws IOException {
        if (written != null) {
            return Optional.of(written);
        }
        try {
            out.flush();
            channel.force(true);
            out.close();
            written = replace ? moveReplacing() : linkToFreeName();
            syncDirectory(written.getParent());
            return Optional.of(written);
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    private Path moveReplacing() throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private Path linkToFreeName() throws IOException {
        boolean links = true;
        for (int k = 1; k <= MAX_ALTERNATIVES; k++) {
            Path candidate = k == 1 ? target : alternative.apply(k).toAbsolutePath();
            try {
                if (links) {
                    try {
                        Files.createLink(candidate, temp);
                    } catch (FileAlreadyExistsException taken) {
                        throw taken;
                    } catch (UnsupportedOperationException | IOException noLinks) {
                        links = false; // e.g. FAT or some network shares: a checked move instead
                    }
                    if (links) {
                        try {
                            Files.delete(temp);
                        } catch (IOException stray) {
                            // the image is in place under its name; only the extra link is left
                        }
                        return candidate;
                    }
                }
                Files.move(temp, candidate);
                return candidate;
            } catch (FileAlreadyExistsException taken) {
                if (alternative == null) {
                    throw new FileAlreadyExistsException(candidate.toString(), null, "exists; not replaced");
                }
            }
        }
        throw new IOException("no free file name for " + target + " after " + MAX_ALTERNATIVES + " tries");
    }

    /** Makes the rename itself durable where the platform allows (Linux, macOS); a no-op elsewhere. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException unsupported) {
            // Windows cannot open a directory this way; the rename is still atomic
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
