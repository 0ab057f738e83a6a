package dev.imagegen4j.langchain4j;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.internal.AtomicFileTarget;
import dev.imagegen4j.internal.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@link ImageStore#directory(Path)}: unique, whole files inside one directory, written by the library's one
 * atomic writer ({@link AtomicFileTarget}: umask permissions, never replacing a file).
 */
final class DirectoryImageStore implements ImageStore {

    private static final Pattern SAFE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int MAX_NAME = 60;

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
        Path target;
        try {
            target = FileNames.inside(directory, baseName + "." + image.format().extension());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        // A taken name (an existing file, or a concurrent save) gets the next suffix: -2, -3, ...
        AtomicFileTarget file = AtomicFileTarget.creating(target, k -> FileNames.numbered(target, k));
        try {
            image.writeTo(file.stream());
            return file.commit().orElseThrow().toString();
        } catch (IOException | RuntimeException e) {
            file.abort();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ImageStore.directory(" + directory + ")";
    }
}
