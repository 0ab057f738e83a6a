package dev.imagegen4j.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Successful OpenAI-Images-protocol answers: the JSON {@code ImagesResponse} (images inline or as served URLs,
 * or synthetic payloads streamed from a generator), and SSE streams of partial and completed images. The
 * {@link ImagesDialect} shapes the dialect-specific fields. Thread-safe.
 */
final class Responses {

    private static final ObjectMapper JSON = Errors.JSON;
    private static final String SYNTHETIC_MARK = "@@imagegen4j-synthetic-payload@@";

    private final EmulatorContext ctx;
    private final ImagesDialect dialect;

    Responses(EmulatorContext ctx, ImagesDialect dialect) {
        this.ctx = ctx;
        this.dialect = dialect;
    }

    Response respond(ImageJob job, Fault fault) {
        List<int[]> inputs = new ArrayList<>(job.inputSizes);
        if (job.markupSize != null) {
            inputs.add(job.markupSize);
        }
        Usage usage = Usage.of(job.prompt, inputs, job.width, job.height, job.quality, job.n,
                job.stream ? job.partials : 0, job.frames);
        if (job.stream && job.model.isGptImage()) {
            return stream(job, usage, fault);
        }
        Usage svgUsage = null;
        int status = dialect.successStatus();
        long synthetic = ctx.syntheticBytes();
        boolean nulls = dialect.nullsUnusedImageField();
        ObjectNode root = JSON.createObjectNode();
        dialect.shapeRoot(root, job);
        ArrayNode data = root.putArray("data");
        boolean url = synthetic < 0 && "url".equals(job.responseFormat);
        for (int i = 0; i < job.n; i++) {
            ObjectNode item = data.addObject();
            if (synthetic >= 0) {
                if (nulls) {
                    item.putNull("url");
                }
                item.put("b64_json", SYNTHETIC_MARK);
            } else {
                byte[] image = ctx.renderer.render(job, job.n > 1 ? "#" + (i + 1) : "");
                if (job.format.equals("svg")) {
                    svgUsage = Usage.svg(job.prompt, new String(image, StandardCharsets.UTF_8), job.svgEffort);
                }
                if (url) {
                    item.put("url", ctx.baseUrl() + "/files/" + ctx.files.put(image, job.format));
                    if (nulls) {
                        item.putNull("b64_json");
                    }
                } else {
                    if (nulls) {
                        item.putNull("url");
                    }
                    item.put("b64_json", Base64.getEncoder().encodeToString(image));
                }
            }
            if (job.model.family == Models.Family.DALLE3) {
                item.put("revised_prompt", "A placeholder rendering of: " + job.prompt);
            }
            if (job.model.isGpt25OrLater()) {
                item.put("generation_id", newGenerationId());
            }
            dialect.shapeItem(item, job);
        }
        if (svgUsage == null && job.format.equals("svg")) {
            // synthetic mode: no document was written; account for the one that would have been
            svgUsage = Usage.svg(job.prompt, SvgPlaceholder.document(job.width, job.height, job.prompt, ""),
                    job.svgEffort);
        }
        dialect.shapeUsage(root, job, usage, svgUsage);
        String outcome = status + " " + job.op.wireName() + " " + job.model.id + " " + job.width + "x" + job.height
                + " x" + job.n;
        if (synthetic >= 0) {
            return syntheticResponse(status, root, synthetic, job.n, outcome + " synthetic " + synthetic + " bytes");
        }
        return Response.json(status, root.toString(), outcome);
    }

    private static Response syntheticResponse(int status, ObjectNode root, long decodedBytes, int n, String outcome) {
        String text = root.toString();
        String[] pieces = text.split(Pattern.quote(SYNTHETIC_MARK), -1);
        if (pieces.length != n + 1) {
            throw new IllegalStateException("synthetic marker not found in " + text);
        }
        long b64 = 4 * ((decodedBytes + 2) / 3);
        long length = n * b64;
        for (String p : pieces) {
            length += p.getBytes(StandardCharsets.UTF_8).length;
        }
        return Response.streaming(status, "application/json", length, out -> {
            for (int i = 0; i < n; i++) {
                out.write(pieces[i].getBytes(StandardCharsets.UTF_8));
                writeSyntheticBase64(out, decodedBytes, i);
            }
            out.write(pieces[n].getBytes(StandardCharsets.UTF_8));
        }, outcome);
    }

    /** Streams base64 of {@code decodedBytes} pseudo-random bytes (seed = item index) in 48 KiB slices. */
    static void writeSyntheticBase64(OutputStream out, long decodedBytes, int seed) throws IOException {
        SplittableRandom random = new SplittableRandom(0x5EED_1234L + seed);
        byte[] raw = new byte[48 * 1024];
        Base64.Encoder enc = Base64.getEncoder();
        long left = decodedBytes;
        while (left > 0) {
            int len = (int) Math.min(raw.length, left);
            for (int i = 0; i < len; i += 8) {
                long r = random.nextLong();
                for (int j = 0; j < 8 && i + j < len; j++) {
                    raw[i + j] = (byte) (r >>> (8 * j));
                }
            }
            byte[] encoded = len == raw.length ? enc.encode(raw) : enc.encode(Arrays.copyOf(raw, len));
            out.write(encoded);
            left -= len;
        }
    }

    private Response stream(ImageJob job, Usage usage, Fault fault) {
        String prefix = job.op == ImagesRoute.Op.EDITS ? "image_edit" : "image_generation";
        long created = Instant.now().getEpochSecond();
        String outcome = "200 stream " + job.op.wireName() + " " + job.model.id + " " + job.width + "x" + job.height
                + " x" + job.n + " partials=" + job.partials;
        Response r = Response.streaming(200, "text/event-stream; charset=utf-8", -1, out -> {
            for (int i = 0; i < job.n; i++) {
                for (int p = 0; p < job.partials; p++) {
                    byte[] img = ctx.renderer.render(job, "partial " + (p + 1) + "/" + job.partials
                            + (job.n > 1 ? " #" + (i + 1) : ""));
                    ObjectNode ev = JSON.createObjectNode();
                    ev.put("type", prefix + ".partial_image");
                    ev.put("b64_json", Base64.getEncoder().encodeToString(img));
                    ev.put("created_at", created);
                    ev.put("size", job.requestedSize);
                    ev.put("quality", job.requestedQuality);
                    ev.put("background", job.requestedBackground);
                    ev.put("output_format", job.format);
                    ev.put("partial_image_index", p);
                    writeEvent(out, ev);
                    if (fault.kind() == Fault.Kind.STREAM_ERROR) {
                        writeStreamError(out);
                        return;
                    }
                }
                if (fault.kind() == Fault.Kind.STREAM_ERROR) {
                    writeStreamError(out);
                    return;
                }
                byte[] img = ctx.renderer.render(job, job.n > 1 ? "#" + (i + 1) : "");
                ObjectNode ev = JSON.createObjectNode();
                ev.put("type", prefix + ".completed");
                if (job.model.isGpt25OrLater()) {
                    ev.put("generation_id", newGenerationId());
                }
                ev.put("b64_json", Base64.getEncoder().encodeToString(img));
                ev.put("created_at", Instant.now().getEpochSecond());
                ev.put("size", job.width + "x" + job.height);
                ev.put("quality", job.quality);
                ev.put("background", job.background);
                ev.put("output_format", job.format);
                if (job.safetyIdentifier != null) {
                    ev.put("safety_identifier", job.safetyIdentifier);
                }
                usage.writeTo(ev.putObject("usage"), false);
                writeEvent(out, ev);
            }
            if (fault.kind() == Fault.Kind.STREAM_DONE_MARKER) {
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }, outcome);
        r.header("cache-control", "no-cache");
        return r;
    }

    /** {@code gen_} followed by 24 random hex digits: the per-image id of GPT Image 2.5 and later. */
    static String newGenerationId() {
        byte[] b = new byte[12];
        DialectHandler.Ids.RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder("gen_");
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }

    private static void writeEvent(OutputStream out, ObjectNode event) throws IOException {
        String frame;
        try {
            frame = "event: " + event.get("type").asText() + "\ndata: " + JSON.writeValueAsString(event) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IOException(e);
        }
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void writeStreamError(OutputStream out) throws IOException {
        ObjectNode ev = JSON.createObjectNode();
        ev.put("type", "error");
        ObjectNode error = ev.putObject("error");
        error.put("type", "server_error");
        error.put("code", "server_error");
        error.put("message", "The server had an error while processing your request. Sorry about that!");
        error.putNull("param");
        out.write(("event: error\ndata: " + ev + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
