package dev.imagegen4j.openai.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imagegen4j.GeneratedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The push decoder of a JSON document of another protocol than OpenAI Images (a job status, a chat completion):
 * the strings a {@link WireCodec.ImageStrings} selects are decoded as they arrive into their targets (base64 or base64
 * data URLs, never a {@code String}), and the rest of the document, at most {@link ResponseDecoder#MAX_SKELETON}
 * bytes, is parsed once complete into {@link ResponseDecoder.Decoded#document}. Not thread-safe.
 */
final class DocumentBody extends ResponseDecoder.Body implements JsonScanner.Diverter {

    private final ImageTargets targets;
    private final long maxImage;
    private final ObjectMapper mapper;
    private final JsonScanner scanner;
    private final Map<Integer, GeneratedImage.Builder> decoded = new TreeMap<>();
    private final ReadHook then;
    private ImageTargets.Target open;

    /** What reads the complete document (a {@link WireCodec}), after its images were collected. */
    interface ReadHook {
        void read(ResponseDecoder.Decoded decoded) throws IOException;
    }

    DocumentBody(WireCodec.ImageStrings field, ImageTargets targets, Base64Strings.ScratchPool pool, long maxImage,
            ObjectMapper mapper, ReadHook then) {
        super(pool);
        this.then = then;
        this.targets = targets;
        this.maxImage = maxImage;
        this.mapper = mapper;
        this.scanner = new JsonScanner(field, ResponseDecoder.MAX_SKELETON, this);
    }

    @Override
    void accept(byte[] a, int off, int end) throws IOException {
        scanner.feed(a, off, end);
    }

    @Override
    void feed(ByteBuffer b) throws IOException {
        feed(scanner, b);
    }

    @Override
    public Base64Strings start(int item) throws IOException {
        open = targets.open(item, -1);
        return new Base64Strings(open, scratch(), maxImage);
    }

    @Override
    public void end(int item) throws IOException {
        ImageTargets.Target target = open;
        open = null;
        decoded.put(item, target.finish());
    }

    @Override
    ResponseDecoder.Decoded finish() throws IOException {
        scanner.finish();
        ResponseDecoder.Decoded d = new ResponseDecoder.Decoded();
        try (JsonParser p = mapper.getFactory().createParser(scanner.skeletonBuffer(), 0, scanner.skeletonLength())) {
            JsonNode root = mapper.readTree(p);
            if (root == null || !root.isObject()) {
                throw new Base64Strings.Malformed("the response is not a JSON object");
            }
            d.document = root;
        }
        d.images.addAll(decoded.values());
        then.read(d);
        return d;
    }

    @Override
    void abort() {
        if (open != null) {
            open.abort();
            open = null;
        }
    }
}
