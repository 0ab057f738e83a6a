package dev.imagegen4j.openai.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Scans one JSON document pushed in chunks as it arrives. The base64 strings of images ({@code b64_json}
 * in each item of the top-level {@code data} array, or at the top of a stream event; or, for other protocols,
 * the strings a {@link WireCodec.ImageStrings} selects, such as Gemini's {@code inlineData.data} or
 * OpenRouter's data URLs) are handed to a {@link Diverter} and
 * decoded on the fly ({@link Base64Strings}); everything else is kept, with each image string replaced by
 * {@code ""} (a data URL by its {@code data:...;base64,} header), as a small <em>skeleton</em> document that
 * Jackson parses once the body is complete. The scanner tracks only what it needs (strings, escapes, nesting,
 * keys); the skeleton parse checks the rest of the syntax. Not thread-safe.
 */
final class JsonScanner {

    /** Where image strings go. */
    interface Diverter {
        /**
         * An image string starts.
         *
         * @param item the index of the {@code data} item (JSON responses), the running count of selected image
         *             strings (other protocols), or -1 (stream events)
         * @return the decoder for its characters
         */
        Base64Strings start(int item) throws IOException;

        /** The image string of {@code item} ended and its decoder was finished. */
        void end(int item) throws IOException;
    }

    private static final int MAX_DEPTH = 64;
    /** The longest {@code data:<type>;<params>;base64,} header of a data URL image. */
    private static final int MAX_DATA_URL_HEADER = 256;
    private static final byte[] DATA_SCHEME = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final int KEEP = 128;
    /** The most bytes copied into a piece at a time by {@link #feed(java.nio.ByteBuffer, int, int, byte[])}. */
    static final int PIECE = 512;
    private static final byte[] B64_JSON = "b64_json".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TYPE = "type".getBytes(StandardCharsets.US_ASCII);
    private static final byte[][] KNOWN_KEYS = {B64_JSON, DATA, TYPE};
    /** Any other key of a scanner of OpenAI JSON (never equal to a known one). */
    private static final byte[] OTHER_KEY = "\u0000other".getBytes(StandardCharsets.US_ASCII);

    private final boolean event;
    private final int maxSkeleton;
    private final Diverter diverter;
    private byte[] skeleton = new byte[512];
    private int skeletonLength;
    private final byte[] stack = new byte[MAX_DEPTH];
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
    /** Whether this scans another protocol's document; then {@code field} (possibly null: no images) rules. */
    private final boolean custom;
    private final WireCodec.ImageStrings field;
    private byte[][] containerKeys;
    private int fieldItems;
    /** The raw bytes of a string that may be a data URL image, while its header is read; else null. */
    private byte[] header;
    private int headerLength;

    /**
     * @param event       true for a stream event: image strings sit at the top level, and a raw line feed
     *                    stops {@link #feed} (the SSE reader owns line structure)
     * @param maxSkeleton the most bytes of non-image JSON allowed
     * @param diverter    where image strings go
     */
    JsonScanner(boolean event, int maxSkeleton, Diverter diverter) {
        this.event = event;
        this.maxSkeleton = maxSkeleton;
        this.diverter = diverter;
        this.custom = false;
        this.field = null;
    }

    /**
     * A scanner of a JSON document of another protocol whose images are the strings {@code field} selects (none
     * when null: a plain document, kept whole up to {@code maxSkeleton} bytes).
     */
    JsonScanner(WireCodec.ImageStrings field, int maxSkeleton, Diverter diverter) {
        this.event = false;
        this.maxSkeleton = maxSkeleton;
        this.diverter = diverter;
        this.custom = true;
        this.field = field;
        this.containerKeys = new byte[MAX_DEPTH][];
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
            if (header != null) {
                i++;
                headerByte(c);
                if (image != null && stopAtImage) {
                    return i; // the caller decodes the image from its own buffer
                }
                continue;
            }
            if (inString) {
                stringByte(c);
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
     * Consumes {@code b[off, end)} (absolute positions), decoding image strings straight from the buffer; the
     * few bytes around them go through {@code piece} (at most {@link #PIECE} at a time, so that a piece is not
     * filled far past the start of an image). Not for stream events.
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
            int n = Math.min(end - i, Math.min(piece.length, PIECE));
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

    private void stringByte(byte c) throws IOException {
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
    }

    /**
     * One byte of a string that may be a data URL image: its header is collected until the comma that ends it,
     * then the rest is an image; a string that turns out not to be one is kept as ordinary text.
     */
    private void headerByte(byte c) throws IOException {
        if (c == ',' && headerLength > DATA_SCHEME.length && isBase64Header()) {
            byte[] h = header;
            int n = headerLength;
            header = null;
            for (int k = 0; k < n; k++) {
                append(h[k]);
            }
            append(c);
            imageItem = fieldItems++;
            image = diverter.start(imageItem);
            return;
        }
        boolean plain = c != '"' && c != ',' && headerLength < MAX_DATA_URL_HEADER
                && (headerLength >= DATA_SCHEME.length || (c | 0x20) == DATA_SCHEME[headerLength]);
        if (plain) {
            header[headerLength++] = c;
            return;
        }
        // not a base64 data URL: the string is ordinary text after all
        byte[] h = header;
        int n = headerLength;
        header = null;
        beginText(false, lastKey);
        for (int k = 0; k < n; k++) {
            stringByte(h[k]);
        }
        stringByte(c);
    }

    /** Whether the header read so far is {@code data:...;base64} (JSON's escaped slash allowed, no other escape). */
    private boolean isBase64Header() {
        String h = new String(header, 0, headerLength, StandardCharsets.US_ASCII).replace("\\/", "/")
                .toLowerCase(java.util.Locale.ROOT);
        return h.indexOf('\\') < 0 && h.endsWith(";base64");
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
        if (image != null || header != null) {
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
        if (custom) {
            // a string in an array belongs to the array's key: "output": ["data:...", ...]
            boolean inArray = !key && depth > 0 && stack[depth - 1] == '[';
            byte[] fieldOwner = inArray ? containerKeys[depth - 1] : owner;
            byte[] parent = inArray ? (depth > 1 ? containerKeys[depth - 2] : null)
                    : depth > 0 ? containerKeys[depth - 1] : null;
            if (!key && field != null && field.matches(fieldOwner, parent)) {
                if (field.dataUrls()) {
                    header = new byte[MAX_DATA_URL_HEADER];
                    headerLength = 0;
                } else {
                    imageItem = fieldItems++;
                    image = diverter.start(imageItem);
                }
                return;
            }
        } else if (!key && Arrays.equals(owner, B64_JSON)
                && (event ? depth == 1 : dataDepth > 0 && depth == dataDepth + 1)) {
            imageItem = event ? -1 : item;
            image = diverter.start(imageItem);
            return;
        }
        beginText(key, owner);
    }

    private void beginText(boolean key, byte[] owner) {
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
            lastKey = stringPlain ? key() : null;
        } else if (event && depth == 1 && stringPlain && Arrays.equals(stringKey, TYPE)) {
            type = new String(text, 0, textLength, StandardCharsets.UTF_8);
        }
    }

    /**
     * The key just read. A scanner of OpenAI JSON compares keys only with {@code b64_json}, {@code data} and
     * {@code type}, so it shares those constants (and one for any other key) instead of copying each key.
     */
    private byte[] key() {
        if (custom) {
            return Arrays.copyOf(text, textLength);
        }
        for (byte[] known : KNOWN_KEYS) {
            if (Arrays.equals(text, 0, textLength, known, 0, known.length)) {
                return known;
            }
        }
        return OTHER_KEY;
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
        if (containerKeys != null) {
            containerKeys[depth] = depth > 0 && stack[depth - 1] == '{' ? lastKey : null;
        }
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
