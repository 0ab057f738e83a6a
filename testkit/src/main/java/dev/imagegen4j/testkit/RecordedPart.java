package dev.imagegen4j.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One part of a recorded {@code multipart/form-data} request body. Immutable.
 */
public final class RecordedPart {

    private final String name;
    private final String filename;
    private final String contentType;
    private final byte[] content;

    RecordedPart(String name, String filename, String contentType, byte[] content) {
        this.name = name;
        this.filename = filename;
        this.contentType = contentType;
        this.content = content;
    }

    /** The form field name, e.g. {@code image[]}, {@code mask}, {@code prompt}. */
    public String name() {
        return name;
    }

    /** The file name of a file part; empty for text fields. */
    public Optional<String> filename() {
        return Optional.ofNullable(filename);
    }

    /** The part's {@code Content-Type}; empty when the client sent none. */
    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** Whether the part carried a file name (a file upload rather than a text field). */
    public boolean isFile() {
        return filename != null;
    }

    /** The part's size in bytes. */
    public int size() {
        return content.length;
    }

    /** A copy of the part's bytes. */
    public byte[] content() {
        return content.clone();
    }

    /** The part's bytes decoded as UTF-8 (for text fields). */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    byte[] contentNoCopy() {
        return content;
    }

    @Override
    public String toString() {
        if (isFile()) {
            return name + "=<file " + filename + ", " + (contentType == null ? "no type" : contentType) + ", "
                    + content.length + " bytes>";
        }
        String text = text();
        return name + "=" + (text.length() > 80 ? text.substring(0, 80) + "..." : text);
    }
}
