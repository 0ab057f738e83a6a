package dev.imagegen4j.openai.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Scans one JSON document pushed in chunks as it arrives. The base64 strings of images ({@code b64_json}
 * in each item of the top-level {@code data} array, or at the top of a stream event; or, for a
 * {@link WireCodec}, the strings its {@link WireCodec.ImageStrings} select) are handed to a
 * {@link Diverter} and decoded on the fly ({@link Base64Strings}); everything else is kept, with each image
 * string replaced by {@code ""}, as a small <em>skeleton</em> document that Jackson parses once the body
 * is complete. The scanner tracks only what it needs (strings, escapes, nesting, keys); the skeleton parse
 * checks the rest of the syntax. Not thread-safe.
 */
final class JsonScanner {

    /** Where image strings go. */
    interface Diverter {
        /**
         * An image string starts.
         *
         * @param item the index of the {@code data} item (JSON responses), the running count of image strings
         *             (a codec's selection), or -1 (stream events)
         * @return the decoder for its characters
         */
        Base64Strings start(int item) throws IOException;

        /** The image string of {@code item} ended and its decoder was finished. */
        void end(int item) throws IOException;
    }

    private static final int MAX_DEPTH = 64;
    private static final int KEEP = 128;
    private static final byte[] B64_JSON = "b64_json".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = "type".getBytes(StandardCharsets.US_ASCII);

    private final boolean event;
    /** A codec's selection of image strings; null for the OpenAI shapes. */
    private final WireCodec.ImageStrings selection;
    private int selected;
    private final int maxSkeleton;
    private final Diverter diverter;
    private byte[] skeleton = new byte[512];
    private int skeletonLength;
    private final byte[] stack = new byte[MAX_DEPTH];
    /** The key holding each open container (null for the root and for array elements). */
    private final byte[][] holders = new byte[MAX_DEPTH][];
    private int depth;
    private boolean started;
    private boolean done;
    private boolean keyNext;
    private boolean inString;
    private boolean stringEscape;
    private boolean stringIsKey;
    private boolean stringPlain;
    private byte[] stringKey; // the key the string value belongs to, if any
    private final byte[] text = new byte[KEEP];
    private int textLength;
    private byte[] lastKey;
    private int dataDepth = -1;
    private int item = -1;
    private String type;
    private Base64Strings image;
    private int imageItem;
    private boolean stopAtImage;

    /**
     * @param event       true for a stream event: image strings sit at the top level, and a raw line feed
     *                    stops {@link #feed} (the SSE reader owns line structure)
     * @param maxSkeleton the most bytes of non-image JSON allowed
     * @param diverter    where image strings go
     */
    JsonScanner(boolean event, int maxSkeleton, Diverter diverter) {
        this(event, null, maxSkeleton, diverter);
    }

    /**
     * A scanner of a JSON answer whose image strings are those {@code selection} picks, at any depth.
     *
     * @param selection which strings are image data
     */
    JsonScanner(WireCodec.ImageStrings selection, int maxSkeleton, Diverter diverter) {
        this(false, java.util.Objects.requireNonNull(selection, "selection"), maxSkeleton, diverter);
    }

    private JsonScanner(boolean event, WireCodec.ImageStrings selection, int maxSkeleton, Diverter diverter) {
        this.event = event;
        this.selection = selection;
        this.maxSkeleton = maxSkeleton;
        this.diverter = diverter;
    }

    /** The {@code type} of a stream event, once its value has been read; else null. */
    String type() {
        return type;
    }

    /** Whether the root value is complete. */
    boolean done() {
        return done;
    }

    /** The JSON without image data (each image string is {@code ""}). */
    byte[] skeleton() {
        return Arrays.copyOf(skeleton, skeletonLength);
    }

    /** The skeleton's bytes (valid up to {@link #skeletonLength()}), without copying. */
    byte[] skeletonBuffer() {
        return skeleton;
    }

    int skeletonLength() {
        return skeletonLength;
    }

    /**
     * Consumes {@code a[off, end)}.
     *
     * @return {@code end}, or for a stream event the index of a raw line feed outside image data (not consumed)
     * @throws IOException if the JSON is malformed in a way the scanner sees, or an image fails
     */
    int feed(byte[] a, int off, int end) throws IOException {
        int i = off;
        while (i < end) {
            if (image != null) {
                int quote = image.feed(a, i, end);
                if (quote < 0) {
                    return end;
                }
                closeImage();
                i = quote + 1;
                continue;
            }
            byte c = a[i];
            if (event && c == '\n') {
                return i;
            }
            if (inString) {
                append(c);
                if (stringEscape) {
                    stringEscape = false;
                } else if (c == '\\') {
                    stringEscape = true;
                    stringPlain = false;
                } else if (c == '"') {
                    endString();
                } else if (textLength < KEEP) {
                    text[textLength++] = c;
                } else {
                    stringPlain = false;
                }
                i++;
                continue;
            }
            switch (c) {
                case ' ':
                case '\t':
                case '\r':
                case '\n':
                    append(c);
                    break;
                case '"':
                    startString();
                    if (image != null) {
                        i++;
                        if (stopAtImage) {
                            return i; // the caller decodes the image from its own buffer
                        }
                        continue;
                    }
                    break;
                case '{':
                case '[':
                    value(c);
                    push(c);
                    append(c);
                    break;
                case '}':
                case ']':
                    pop(c);
                    append(c);
                    break;
                case ':':
                    inside(c);
                    append(c);
                    break;
                case ',':
                    inside(c);
                    keyNext = depth > 0 && stack[depth - 1] == '{';
                    append(c);
                    break;
                default:
                    value(c);
                    append(c);
            }
            i++;
        }
        return end;
    }

    /**
     * Consumes {@code b[off, end)} (absolute positions, little-endian), decoding image strings straight from
     * the buffer; the few bytes around them go through {@code piece}. Not for stream events.
     */
    int feed(java.nio.ByteBuffer b, int off, int end, byte[] piece) throws IOException {
        int i = off;
        while (i < end) {
            if (image != null) {
                int quote = image.feed(b, i, end);
                if (quote < 0) {
                    return end;
                }
                closeImage();
                i = quote + 1;
                continue;
            }
            int n = Math.min(end - i, piece.length);
            b.get(i, piece, 0, n);
            stopAtImage = true;
            try {
                i += feed(piece, 0, n);
            } finally {
                stopAtImage = false;
            }
        }
        return end;
    }

    /** A line feed between two {@code data:} lines of one event (which an event's {@link #feed} stops at). */
    void lineBreak() throws IOException {
        if (image != null) {
            throw new Base64Strings.Malformed("a line break inside base64 image data");
        }
        append((byte) '\n');
    }

    /** Checks that the document is complete. */
    void finish() throws IOException {
        if (image != null) {
            throw new Base64Strings.Malformed("the response ended inside the base64 image data");
        }
        if (!done) {
            throw new Base64Strings.Malformed("the JSON ended unexpectedly");
        }
    }

    private void value(byte c) throws IOException {
        if (done) {
            throw new Base64Strings.Malformed("unexpected data after the JSON value");
        }
        if (!started) {
            started = true;
            if (c != '{' && (!event || c != '[')) {
                throw new Base64Strings.Malformed(event ? "a stream event is not a JSON object"
                        : "the response is not a JSON object");
            }
        }
        if (selection != null) {
            return;
        }
        if (c == '[' && depth == 1 && !event && Arrays.equals(lastKey, DATA)) {
            dataDepth = 2;
        } else if (c == '{' && dataDepth > 0 && depth == dataDepth) {
            item++;
        }
    }

    private void inside(byte c) throws IOException {
        if (depth == 0) {
            throw new Base64Strings.Malformed("unexpected '" + (char) c + "' outside the JSON value");
        }
    }

    private void startString() throws IOException {
        boolean key = depth > 0 && stack[depth - 1] == '{' && keyNext;
        if (!key) {
            value((byte) '"');
        }
        append((byte) '"');
        byte[] owner = key || depth == 0 || stack[depth - 1] != '{' ? null : lastKey;
        if (!key && selection != null && depth > 0 && selection.matches(owner, holders[depth - 1])) {
            imageItem = selected++;
            image = diverter.start(imageItem);
            return;
        }
        if (!key && selection == null && Arrays.equals(owner, B64_JSON)
                && (event ? depth == 1 : dataDepth > 0 && depth == dataDepth + 1)) {
            imageItem = event ? -1 : item;
            image = diverter.start(imageItem);
            return;
        }
        inString = true;
        stringEscape = false;
        stringIsKey = key;
        stringPlain = true;
        stringKey = owner;
        textLength = 0;
        if (key) {
            keyNext = false;
        }
    }

    private void endString() {
        inString = false;
        if (stringIsKey) {
            lastKey = stringPlain ? Arrays.copyOf(text, textLength) : null;
        } else if (event && depth == 1 && stringPlain && Arrays.equals(stringKey, TYPE)) {
            type = new String(text, 0, textLength, StandardCharsets.UTF_8);
        }
    }

    private void closeImage() throws IOException {
        Base64Strings closing = image;
        image = null;
        closing.finish();
        diverter.end(imageItem);
        append((byte) '"');
    }

    private void push(byte c) throws IOException {
        if (depth == MAX_DEPTH) {
            throw new Base64Strings.Malformed("the JSON is nested deeper than " + MAX_DEPTH + " levels");
        }
        holders[depth] = depth > 0 && stack[depth - 1] == '{' ? lastKey : null;
        stack[depth++] = c;
        keyNext = c == '{';
        lastKey = null;
    }

    private void pop(byte c) throws IOException {
        byte open = c == '}' ? (byte) '{' : (byte) '[';
        if (depth == 0 || stack[depth - 1] != open) {
            throw new Base64Strings.Malformed("unbalanced '" + (char) c + "' in the JSON");
        }
        if (depth == dataDepth) {
            dataDepth = -1;
        }
        depth--;
        keyNext = false;
        if (depth == 0) {
            done = true;
        }
    }

    private void append(byte c) throws IOException {
        if (skeletonLength == skeleton.length) {
            if (skeletonLength >= maxSkeleton) {
                throw new Base64Strings.Malformed("the response's fields other than image data exceed "
                        + maxSkeleton + " bytes");
            }
            skeleton = Arrays.copyOf(skeleton, (int) Math.min(maxSkeleton, 2L * skeleton.length));
        }
        skeleton[skeletonLength++] = c;
    }
}
