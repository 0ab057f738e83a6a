package dev.imagegen4j.langchain4j;

import dev.imagegen4j.GeneratedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/** {@link ImageStore#directory(Path)}: unique, whole files inside one directory. */
final class DirectoryImageStore implements ImageStore {

    private static final Pattern SAFE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_NAME = 60;
    private static final int MAX_SUFFIX = 10_000;

    private final Path directory;

    DirectoryImageStore(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    @Override
    public String save(GeneratedImage image, String baseName) throws IOException {
        Objects.requireNonNull(image, "image");
        if (baseName == null || baseName.length() > MAX_NAME || !SAFE.matcher(baseName).matches()) {
            throw new IllegalArgumentException("image name '" + baseName + "' must be lower-case letters, digits and "
                    + "single dashes, at most " + MAX_NAME + " characters");
        }
        Files.createDirectories(directory);
        String ext = "." + image.format().extension();
        for (int i = 1; i <= MAX_SUFFIX; i++) {
            Path target = directory.resolve(i == 1 ? baseName + ext : baseName + "-" + i + ext).normalize();
            if (!directory.equals(target.getParent())) {
                throw new IllegalStateException("refusing to write " + target + " outside " + directory);
            }
            try {
                // Reserve the name atomically; a concurrent writer or an existing file makes us pick the next one.
                Files.createFile(target);
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            write(image, target);
            return target.toString();
        }
        throw new IOException("no free file name for '" + baseName + ext + "' in " + directory + " after "
                + MAX_SUFFIX + " tries");
    }

    private void write(GeneratedImage image, Path target) throws IOException {
        // Not Files.createTempFile: that makes the file owner-only (0600); these are meant to be shared like any
        // file the user creates (umask applies).
        Path tmp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                image.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(target);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ImageStore.directory(" + directory + ")";
    }
}
