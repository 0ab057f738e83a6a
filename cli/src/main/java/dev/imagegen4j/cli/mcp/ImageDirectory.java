package dev.imagegen4j.cli.mcp;

import dev.imagegen4j.ImageSink;
import dev.imagegen4j.internal.AtomicFileTarget;
import dev.imagegen4j.internal.FileNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one directory the server reads and writes images in. Results are named from the prompt (the library's one
 * slug rule, {@link FileNames#slug}) and written by its one atomic writer ({@link AtomicFileTarget}): whole or
 * absent, never over an existing file (a taken name gets {@code -2}, {@code -3}, ...). References to images
 * resolve only to regular, non-hidden files whose real path (symbolic links followed) is inside the directory;
 * anything else is refused with a message that never names the outside path.
 *
 * <p>Immutable and thread-safe.
 */
final class ImageDirectory {

    private static final int MAX_SLUG = 60;
    private static final int MAX_LISTED = 12;

    private final Path root;

    private ImageDirectory(Path root) {
        this.root = root;
    }

    /** The directory {@code dir}, created if missing; its real path is the boundary. */
    static ImageDirectory open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new ImageDirectory(dir.toRealPath());
    }

    Path root() {
        return root;
    }

    /** A file name for images about {@code text}: lower-case words and dashes, at most 60 characters. */
    static String slug(String text) {
        return FileNames.slug(text, MAX_SLUG);
    }

    /** Where each image of a request is written: {@code base.ext}, {@code base-1.ext}, ...; a taken name gets -2, ... */
    ImageSink sink(String baseName) {
        return (index, format) -> {
            Path target = FileNames.inside(root, FileNames.indexed(baseName, index) + "." + format.extension());
            return AtomicFileTarget.creating(target, k -> FileNames.numbered(target, k));
        };
    }

    /**
     * The image {@code reference} names: a file name or relative path inside the directory, or an absolute path
     * whose real location is inside it.
     *
     * @param what how the error names the argument, e.g. {@code images[0]}
     * @throws ToolError saying what is wrong and what the directory holds; never naming a path outside it
     */
    Path resolve(String reference, String what) {
        if (reference == null || reference.isBlank()) {
            throw new ToolError(what + " is empty: name an image file in " + root + ". " + listing());
        }
        Path given;
        try {
            given = Path.of(reference.strip());
        } catch (InvalidPathException e) {
            throw new ToolError(what + " is not a valid file name. " + listing());
        }
        Path candidate = (given.isAbsolute() ? given : root.resolve(given)).normalize();
        Path real = null;
        try {
            if (Files.exists(candidate)) {
                real = candidate.toRealPath();
            }
        } catch (IOException | SecurityException e) {
            real = null;
        }
        boolean inside = real != null ? real.startsWith(root) : candidate.startsWith(root);
        if (!inside) {
            // the same words whether or not the outside file exists: nothing about it is revealed
            throw new ToolError(what + " is outside the image directory " + root + ": only files in it can be used. "
                    + listing());
        }
        if (real == null) {
            throw new ToolError(what + ": there is no image named '" + root.relativize(candidate) + "' in " + root
                    + ". " + listing());
        }
        Path name = real.getFileName();
        if (name == null || name.toString().startsWith(".")) {
            throw new ToolError(what + " names a hidden file; only images in " + root + " can be used. " + listing());
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolError(what + " ('" + root.relativize(real) + "') is not a file. " + listing());
        }
        return real;
    }

    /** {@code Images in DIR: a.png, b.png, ...} (newest first), or a sentence saying there are none. */
    String listing() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && ImageFiles.isImageName(n)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            return "";
        }
        if (files.isEmpty()) {
            return "There are no images in " + root + " yet.";
        }
        Map<Path, FileTime> times = files.stream().collect(Collectors.toMap(p -> p, ImageDirectory::modified));
        files.sort(Comparator.comparing((Path p) -> times.get(p)).reversed().thenComparing(Path::toString));
        String names = files.stream().limit(MAX_LISTED).map(p -> p.getFileName().toString())
                .collect(Collectors.joining(", "));
        return "Images there, newest first: " + names + (files.size() > MAX_LISTED ? ", ..." : "") + ".";
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    @Override
    public String toString() {
        return "ImageDirectory[" + root + "]";
    }
}
