package dev.imagegen4j.langchain4j;

import dev.imagegen4j.GeneratedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where {@link ImageTools} keeps the images an agent makes: a directory ({@link #directory(Path)}), or anything
 * the application supplies (object storage, a database, a CDN).
 *
 * <p>Implementations must be thread-safe and must never replace an image they stored before.
 */
@FunctionalInterface
public interface ImageStore {

    /**
     * Stores {@code image} under a name derived from {@code baseName}.
     *
     * @param baseName a safe name made from the prompt, e.g. {@code lighthouse-at-dusk-1}: lower-case letters,
     *                 digits and dashes only, at most 60 characters, without an extension
     * @return where the image is, as the agent should show it to the user: a file path or a URL (never the
     *         image data)
     * @throws IOException if the image cannot be stored
     */
    String save(GeneratedImage image, String baseName) throws IOException;

    /**
     * A store writing {@code directory/baseName.ext} (the extension from the image's format), creating the
     * directory if needed. A name that is taken gets a suffix ({@code -2}, {@code -3}, ...) instead of replacing
     * the file; files are written to a temporary file first and moved into place, so they are whole or absent;
     * nothing is ever written outside {@code directory}. Returns the absolute file path.
     */
    static ImageStore directory(Path directory) {
        return new DirectoryImageStore(directory);
    }
}
