package dev.imagegen4j.internal;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The file-name rules shared by everything that names image files (the CLI, batches, the agent tools'
 * directory store): safe names from free text, indexed names for several images, names for a taken file,
 * and the check that a name stays inside its directory.
 */
public final class FileNames {

    /** What a slug falls back to when the text has no usable character. */
    public static final String DEFAULT_NAME = "image";

    private FileNames() {
    }

    /**
     * A file-name-safe name from free text: accents removed, lower-case ASCII letters and digits, words joined
     * by single dashes, cut at a word boundary to at most {@code maxLength} characters (a first word longer
     * than that is cut), or {@value #DEFAULT_NAME} when nothing is left. Never contains a path separator, a
     * dot or a leading or trailing dash.
     */
    public static String slug(String text, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength " + maxLength + ": must be at least 1");
        }
        String ascii = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        for (String word : ascii.split("[^a-z0-9]+")) {
            if (word.isEmpty()) {
                continue;
            }
            int extra = slug.length() == 0 ? word.length() : word.length() + 1;
            if (slug.length() + extra > maxLength) {
                if (slug.length() == 0) {
                    slug.append(word, 0, maxLength);
                }
                break;
            }
            if (slug.length() > 0) {
                slug.append('-');
            }
            slug.append(word);
        }
        return slug.length() == 0 ? DEFAULT_NAME : slug.toString();
    }

    /** {@code base} for image 0, {@code base-k} for image {@code k > 0} of one request. */
    public static String indexed(String base, int index) {
        return index == 0 ? base : base + "-" + index;
    }

    /** The part of {@code fileName} before its last dot (the whole name if it has no extension). */
    public static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    /** The extension of {@code fileName} without the dot, or "" if it has none. */
    public static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(dot + 1) : "";
    }

    /**
     * The name for a copy {@code k >= 2} of a taken file: {@code name (k).ext}, as file managers name copies.
     * The space and parentheses keep it apart from indexed names ({@code name-1.ext}) and batch ids.
     */
    public static Path copy(Path file, int k) {
        String name = file.getFileName().toString();
        String ext = extension(name);
        return file.resolveSibling(stem(name) + " (" + k + ")" + (ext.isEmpty() ? "" : "." + ext));
    }

    /** The name for a copy {@code k >= 2} of a taken file as a dashed suffix: {@code name-k.ext}. */
    public static Path numbered(Path file, int k) {
        String name = file.getFileName().toString();
        String ext = extension(name);
        return file.resolveSibling(stem(name) + "-" + k + (ext.isEmpty() ? "" : "." + ext));
    }

    /**
     * {@code directory/name}, refusing a name that would land anywhere else ({@code ..}, separators, an
     * absolute path).
     *
     * @throws IllegalArgumentException naming the file and the directory
     */
    public static Path inside(Path directory, String name) {
        Path dir = directory.toAbsolutePath().normalize();
        Path file = dir.resolve(name).normalize();
        if (!dir.equals(file.getParent())) {
            throw new IllegalArgumentException("refusing to write " + file + ": outside " + dir);
        }
        return file;
    }
}
