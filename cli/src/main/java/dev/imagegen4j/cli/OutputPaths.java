package dev.imagegen4j.cli;

import dev.imagegen4j.ImageSink;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.internal.AtomicFileTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the CLI writes images: names from the prompt (safe characters only) or {@code -o}, never over an
 * existing file without {@code --force}, never outside the directory it was given. Checked before the
 * request is sent, so nothing is paid for that cannot be saved; files are written atomically.
 */
final class OutputPaths {

    private static final int MAX_SLUG = 60;

    private final Path directory;
    private final String baseName;
    private final String fixedExtension;
    private final boolean force;

    private OutputPaths(Path directory, String baseName, String fixedExtension, boolean force) {
        this.directory = directory;
        this.baseName = baseName;
        this.fixedExtension = fixedExtension;
        this.force = force;
    }

    /**
     * The outputs for {@code -o} (a file, an existing directory or a path ending in '/'), or the current
     * directory with a name from the prompt when {@code output} is null.
     */
    static OutputPaths of(String output, String prompt, Path cwd, boolean force) {
        String slug = slug(prompt);
        if (output == null) {
            return new OutputPaths(cwd, slug, null, force);
        }
        Path p = cwd.resolve(output).normalize();
        if (output.endsWith("/") || output.endsWith(java.io.File.separator) || Files.isDirectory(p)) {
            return new OutputPaths(p, slug, null, force);
        }
        Path parent = p.getParent() == null ? cwd : p.getParent();
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            return new OutputPaths(parent, name.substring(0, dot), name.substring(dot + 1), force);
        }
        return new OutputPaths(parent, name, null, force);
    }

    /** A file-name-safe slug of the prompt: lower-case letters, digits and '-'; "image" if nothing is left. */
    static String slug(String text) {
        if (text == null) {
            return "image";
        }
        StringBuilder sb = new StringBuilder();
        boolean dash = false;
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
                dash = false;
            } else if (sb.length() > 0 && !dash) {
                sb.append('-');
                dash = true;
            }
            if (sb.length() >= MAX_SLUG) {
                break;
            }
        }
        String s = sb.toString().replaceAll("-+$", "");
        return s.isEmpty() ? "image" : s;
    }

    Path directory() {
        return directory;
    }

    /** The file of image {@code index} (0-based) in {@code format}. */
    Path file(int index, OutputFormat format) {
        String ext = fixedExtension != null ? fixedExtension : format.extension();
        String name = (index == 0 ? baseName : baseName + "-" + index) + "." + ext;
        Path file = directory.resolve(name).normalize();
        if (!file.getParent().equals(directory.normalize())) {
            throw new OutputRefusedException("refusing to write " + file + ": outside " + directory);
        }
        return file;
    }

    /** The file of partial image {@code partial} of image {@code index}. */
    Path partialFile(int index, int partial, OutputFormat format) {
        String name = (index == 0 ? baseName : baseName + "-" + index) + ".partial-" + partial + "."
                + format.extension();
        return directory.resolve(name);
    }

    /**
     * Checks, before anything is sent, that the {@code n} files can be written.
     *
     * @throws OutputRefusedException if one exists and --force was not given, or the directory is missing
     */
    void check(int n, OutputFormat format) {
        if (!Files.isDirectory(directory)) {
            throw new OutputRefusedException("output directory " + directory + " does not exist");
        }
        List<Path> existing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = file(i, format);
            if (Files.exists(f)) {
                existing.add(f);
            }
        }
        if (!existing.isEmpty() && !force) {
            throw new OutputRefusedException(existing.get(0) + " exists; use --force to overwrite it");
        }
    }

    /**
     * The sink. If a target appeared meanwhile and --force was not given, the image still reaches the
     * disk under a free name: it was paid for.
     */
    ImageSink sink(OutputFormat requested) {
        return (index, format) -> {
            Path f = file(index, fixedExtension != null ? requested : format);
            if (!force && Files.exists(f)) {
                f = free(f);
            }
            return new AtomicFileTarget(f);
        };
    }

    private static Path free(Path f) throws IOException {
        String name = f.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 2; i < 10_000; i++) {
            Path candidate = f.resolveSibling(stem + " (" + i + ")" + ext);
            if (!Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no free file name next to " + f);
    }
}
