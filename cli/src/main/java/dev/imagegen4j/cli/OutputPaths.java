package dev.imagegen4j.cli;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.internal.AtomicFileTarget;
import dev.imagegen4j.internal.FileNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where generate and edit write images: {@code -o FILE}, {@code -o DIR} (existing, or ending in '/'), or the
 * current directory, with a name from the prompt (safe characters only) unless a file was named. Directories
 * on the way are created. A file's extension decides the format when {@code --format} is absent; a
 * {@code --format} that contradicts it is refused. Everything is checked before the request is sent
 * ({@link #check}): the directory can be created and written, each name can be created, and no file is
 * overwritten without {@code --force}. Files are written atomically; an image whose name was taken while it
 * was generated is still saved (as {@code name (2).png}): it was paid for.
 */
final class OutputPaths {

    /** The extensions imagegen writes, and the format each one means. */
    static final Map<String, OutputFormat> EXTENSIONS = Map.of("png", OutputFormat.PNG, "jpg", OutputFormat.JPEG,
            "jpeg", OutputFormat.JPEG, "webp", OutputFormat.WEBP, "svg", OutputFormat.SVG, "gif", OutputFormat.GIF);
    private static final int MAX_SLUG = 60;

    private final Path directory;
    private final String baseName;
    private final String fixedExtension;
    private final OutputFormat format;
    private final boolean force;

    private OutputPaths(Path directory, String baseName, String fixedExtension, OutputFormat format, boolean force) {
        this.directory = directory;
        this.baseName = baseName;
        this.fixedExtension = fixedExtension;
        this.format = format;
        this.force = force;
    }

    /**
     * The outputs for {@code -o} (a file, an existing directory or a path ending in '/'), or the current
     * directory with a name from the prompt when {@code output} is null.
     *
     * @param requested the {@code --format} given, or null
     * @throws InvalidRequestException if the file's extension is not an image format imagegen writes, or names
     *                                 another format than {@code --format}
     */
    static OutputPaths of(String output, String prompt, OutputFormat requested, Path cwd, boolean force) {
        OutputFormat fmt = requested == null ? OutputFormat.PNG : requested;
        String slug = slug(prompt);
        if (output == null) {
            return new OutputPaths(cwd, slug, null, fmt, force);
        }
        Path p = cwd.resolve(output).normalize();
        if (output.endsWith("/") || output.endsWith(java.io.File.separator) || Files.isDirectory(p)) {
            return new OutputPaths(p, slug, null, fmt, force);
        }
        Path parent = p.getParent() == null ? cwd : p.getParent();
        String name = p.getFileName().toString();
        String ext = FileNames.extension(name);
        if (ext.isEmpty()) {
            return new OutputPaths(parent, name, null, fmt, force);
        }
        // an extension imagegen4j does not know names a format as it is (open values): the model's catalog entry
        // decides before anything is sent whether the model produces it
        OutputFormat byExtension = EXTENSIONS.get(ext.toLowerCase(Locale.ROOT));
        if (byExtension == null) {
            byExtension = ImageOptions.option("-o", () -> OutputFormat.of(ext.toLowerCase(Locale.ROOT)));
        }
        if (requested != null && !requested.equals(byExtension)) {
            throw new InvalidRequestException("output_format", "-o " + output + " names a " + byExtension
                    + " file but --format is " + requested + ": use -o " + FileNames.stem(name) + "."
                    + requested.extension() + ", or leave out --format (the extension decides)");
        }
        return new OutputPaths(parent, FileNames.stem(name), ext, byExtension, force);
    }

    /** A file-name-safe slug of the prompt (see {@link FileNames#slug}). */
    static String slug(String text) {
        return FileNames.slug(text, MAX_SLUG);
    }

    /** The format to ask for: {@code --format}, else the one {@code -o}'s extension names, else png. */
    OutputFormat format() {
        return format;
    }

    /** Whether the format comes from {@code -o}'s extension rather than {@code --format} or the default. */
    boolean formatFromExtension() {
        return fixedExtension != null;
    }

    Path directory() {
        return directory;
    }

    /** The planned file of image {@code index} (0-based). */
    Path file(int index) {
        return file(FileNames.indexed(baseName, index), plannedExtension());
    }

    /** The file of partial image {@code partial} of image {@code index}. */
    Path partialFile(int index, int partial, OutputFormat actual) {
        return file(FileNames.indexed(baseName, index) + ".partial-" + partial, extensionFor(actual));
    }

    private Path file(String stem, String extension) {
        try {
            return FileNames.inside(directory, stem + "." + extension);
        } catch (IllegalArgumentException e) {
            throw new OutputRefusedException(e.getMessage());
        }
    }

    private String plannedExtension() {
        return fixedExtension != null ? fixedExtension : format.extension();
    }

    /** The planned extension if {@code actual} is the planned format, else the actual format's extension. */
    private String extensionFor(OutputFormat actual) {
        return actual.equals(format) ? plannedExtension() : actual.extension();
    }

    /**
     * Checks, before anything is sent, that the {@code n} images (and their partial images when streaming) can
     * be written: creates the directory if missing, then probes each name.
     *
     * @throws OutputRefusedException if a file exists and --force was not given, the directory cannot be
     *                                created, or a file cannot be created there
     */
    void check(int n, int partialsPerImage) {
        check(n, partialsPerImage, true);
    }

    /**
     * As {@link #check(int, int)}; with {@code create} false (a dry run) nothing is created: a missing directory is
     * only checked to be creatable (its nearest existing parent is a writable directory).
     */
    void check(int n, int partialsPerImage, boolean create) {
        if (!create && !Files.isDirectory(directory)) {
            Path parent = directory;
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
                throw new OutputRefusedException("cannot create the output directory " + directory + ": "
                        + (parent == null ? "no existing parent" : parent + " is not a writable directory"));
            }
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new OutputRefusedException("cannot create the output directory " + directory + ": " + describe(e));
        }
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(file(i));
            for (int k = 0; k < partialsPerImage; k++) {
                files.add(partialFile(i, k, format));
            }
        }
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                throw new OutputRefusedException(f + " is a directory; name a file, or end the path in '/' to write "
                        + "into it");
            }
            if (Files.exists(f) && !force) {
                throw new OutputRefusedException(f + " exists; use --force to overwrite it");
            }
            try {
                AtomicFileTarget.probe(f);
            } catch (IOException e) {
                throw new OutputRefusedException("cannot write " + f + ": creating a file in " + f.getParent()
                        + " failed (" + describe(e) + "); nothing was sent");
            }
        }
    }

    /**
     * The sink: planned names, the actual format's extension if the provider returned another format, and
     * never over a file that appeared meanwhile unless --force (the image is saved as {@code name (2).ext}).
     */
    ImageSink sink() {
        return (index, actual) -> target(file(FileNames.indexed(baseName, index), extensionFor(actual)));
    }

    /** A target for a partial image (same rules as the final images). */
    AtomicFileTarget partialTarget(int index, int partial, OutputFormat actual) throws IOException {
        return target(partialFile(index, partial, actual));
    }

    private AtomicFileTarget target(Path f) throws IOException {
        return force ? AtomicFileTarget.replacing(f) : AtomicFileTarget.creating(f, k -> FileNames.copy(f, k));
    }

    /** Notes about images saved under another name than planned (another format, or a name taken meanwhile). */
    List<String> notes(List<GeneratedImage> images) {
        List<String> notes = new ArrayList<>();
        for (GeneratedImage image : images) {
            Optional<Path> saved = image.file();
            if (saved.isEmpty()) {
                continue;
            }
            Path planned = file(image.index());
            Path withFormat = file(FileNames.indexed(baseName, image.index()), extensionFor(image.format()));
            if (!withFormat.equals(planned)) {
                notes.add("the provider returned " + image.format() + ", not " + format + ": saved as "
                        + saved.get().getFileName() + " instead of " + planned.getFileName());
            } else if (!saved.get().equals(planned)) {
                notes.add(planned.getFileName() + " appeared while the image was generated; saved as "
                        + saved.get().getFileName() + " instead");
            }
        }
        return notes;
    }

    /** A short reason for an I/O failure, without a stack trace. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a directory";
        }
        if (e instanceof java.nio.file.FileSystemException) {
            String reason = ((java.nio.file.FileSystemException) e).getReason();
            if (reason != null) {
                return reason;
            }
        }
        return String.valueOf(e.getMessage());
    }
}
