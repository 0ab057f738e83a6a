package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates one OpenAI-Images-protocol request the way the service does, in the service's order (body, unknown
 * fields, model, operation, prompt, n, model-specific parameters, response format, output, streaming, quality,
 * size, input images), asking the {@link ImagesDialect} where services differ. The first violation is thrown
 * as an {@link ApiError} in the dialect's shape. One instance per request.
 */
final class Validator {

    static final Pattern SIZE = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    static final Set<String> GENERATION_FIELDS = Set.of("prompt", "model", "n", "quality", "response_format",
            "output_format", "output_compression", "stream", "partial_images", "size", "moderation", "background",
            "style", "user", "safety_identifier", "complexity", "frame_count", "frame_duration_ms", "svg");
    static final Set<String> MULTIPART_EDIT_FIELDS = Set.of("image", "image[]", "mask", "markup", "prompt", "model",
            "n", "size", "quality", "response_format", "output_format", "output_compression", "background",
            "input_fidelity", "stream", "partial_images", "user", "moderation", "safety_identifier", "complexity",
            "frame_count", "frame_duration_ms");
    static final Set<String> JSON_EDIT_FIELDS = Set.of("images", "prompt", "mask", "markup", "model", "n", "quality",
            "input_fidelity", "size", "output_format", "output_compression", "moderation", "background", "stream",
            "partial_images", "user", "safety_identifier", "complexity", "frame_count", "frame_duration_ms");
    static final Set<String> VARIATION_FIELDS = Set.of("image", "model", "n", "response_format", "size", "user");
    /** Parameters only GPT image models take (their presence also makes an omitted model default to gpt-image-1.5). */
    static final Set<String> GPT_ONLY = Set.of("background", "output_format", "output_compression",
            "moderation", "stream", "partial_images", "input_fidelity");
    /** Parameters only GPT Image 2.6 knows; earlier models answer {@code unknown_parameter}. */
    static final List<String> GPT_26_ONLY = List.of("complexity", "frame_count", "frame_duration_ms", "markup", "svg");
    /** {@code svg.reasoning.effort} values (as in the official SDK's model of the field). */
    static final List<String> SVG_EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh", "max");
    /** Qualities GPT Image 2.5 introduced; earlier GPT image models refuse them naming the model. */
    static final Set<String> GPT_25_QUALITIES = Set.of("xhigh", "max");
    /** GIF {@code frame_count} bounds and default. */
    static final int MIN_FRAMES = 2;
    static final int MAX_FRAMES = 16;
    static final int DEFAULT_FRAMES = 9;
    /** GIF {@code frame_duration_ms}: at least 20, default 200, rounded to 10 ms; at most what GIF can store. */
    static final int MIN_FRAME_MS = 20;
    static final int MAX_FRAME_MS = 655_350;
    static final int DEFAULT_FRAME_MS = 200;
    /**
     * GIF frames are laid out on one sheet: frame_count x width x height may be at most this many pixels
     * (16 frames of 1536x1024, the largest preset, fit; 4 frames of 3840x2160 do not). The vendor refuses large
     * sheets without publishing the figure; this is the emulator's documented choice.
     */
    static final long GIF_SHEET_PIXELS = 16L * 1536 * 1024;

    private final Exchange ex;
    private final ImagesRoute route;
    private final ImagesDialect dialect;
    private final Errors errors;
    private final ImageJob job = new ImageJob();
    private Params params;

    Validator(Exchange ex, ImagesRoute route, ImagesDialect dialect, Errors errors) {
        this.ex = ex;
        this.route = route;
        this.dialect = dialect;
        this.errors = errors;
    }

    ImageJob validate() {
        job.op = route.op;
        checkBody();
        params = new Params(ex, errors);
        checkUnknownFields();
        job.model = dialect.resolveModel(ex, route, params, errors);
        ex.model = job.model.id;
        checkOperation();
        if (route.op != ImagesRoute.Op.VARIATIONS) {
            checkPrompt();
        }
        checkN();
        checkModelSpecificParams();
        checkResponseFormat();
        checkOutput();
        checkStream();
        checkQuality();
        if (route.op != ImagesRoute.Op.GENERATIONS) {
            new EditInputs(ex, job, errors, dialect.ctx).check();
        }
        checkSize();
        checkGifSheet();
        return job;
    }

    private void checkBody() {
        String type = ex.header("content-type");
        String lower = type == null ? "" : type.toLowerCase(Locale.ROOT);
        boolean multipart = lower.startsWith("multipart/form-data");
        if (route.op == ImagesRoute.Op.GENERATIONS || (route.op == ImagesRoute.Op.EDITS && !multipart)) {
            if (ex.json == null || !ex.json.isObject()) {
                if (multipart && route.op == ImagesRoute.Op.GENERATIONS) {
                    throw errors.invalid("Invalid Content-Type header (" + type + "), expected "
                            + "application/json.", null, null);
                }
                if (ex.body.length == 0 && route.op == ImagesRoute.Op.EDITS) {
                    throw errors.invalid("Invalid Content-Type header (" + type + "), expected "
                            + "multipart/form-data or application/json.", null, null);
                }
                throw errors.invalid("We could not parse the JSON body of your request. (HINT: This likely means "
                        + "you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
                        + "but what was sent was not valid JSON.)", null, null);
            }
            job.jsonEdit = route.op == ImagesRoute.Op.EDITS;
            if (job.jsonEdit) {
                dialect.checkJsonEdit(errors);
            }
            return;
        }
        if (!multipart) {
            throw errors.invalid("Invalid Content-Type header (" + type + "), expected multipart/form-data.", null,
                    null);
        }
        if (ex.parts.isEmpty()) {
            try {
                ex.parts = Multipart.parse(ex.body, HttpParsing.headerParam(type, "boundary"));
            } catch (Multipart.MalformedMultipart e) {
                throw errors.invalid("Could not parse multipart form: " + e.getMessage(), null, null);
            }
        }
    }

    private void checkUnknownFields() {
        if (dialect.stripsUnknownFields()) {
            return;
        }
        Set<String> allowed = route.op == ImagesRoute.Op.GENERATIONS ? GENERATION_FIELDS
                : route.op == ImagesRoute.Op.VARIATIONS ? VARIATION_FIELDS
                : job.jsonEdit ? JSON_EDIT_FIELDS : MULTIPART_EDIT_FIELDS;
        for (String name : params.names()) {
            if (!allowed.contains(name)) {
                throw errors.unknownParameter(name);
            }
        }
        for (RecordedPart p : ex.parts) {
            if ((p.isFile() || Params.FILE_FIELDS.contains(p.name())) && !allowed.contains(p.name())) {
                throw errors.unknownParameter(p.name());
            }
        }
    }

    private void checkOperation() {
        Models.Model m = job.model;
        boolean ok;
        switch (route.op) {
            case GENERATIONS:
                ok = !m.editsOnly;
                break;
            case EDITS:
                ok = m.family != Models.Family.DALLE3;
                break;
            default:
                ok = m.family == Models.Family.DALLE2;
        }
        if (!ok) {
            throw errors.invalid("Invalid value: '" + m.id + "'. The model does not support image "
                    + route.op.wireName() + ".", "model", "invalid_value");
        }
        dialect.checkModelOnRoute(m, route, errors);
    }

    private void checkPrompt() {
        String prompt = params.string("prompt");
        if (prompt == null) {
            throw errors.missing("prompt");
        }
        if (prompt.isEmpty()) {
            throw errors.invalid("Invalid 'prompt': empty string. Expected a string with minimum length 1, but "
                    + "got an empty string instead.", "prompt", "empty_string");
        }
        int max = job.model.maxPrompt();
        if (prompt.length() > max) {
            throw errors.invalid("Invalid 'prompt': string too long. Expected a string with maximum length "
                    + max + ", but got a string with length " + prompt.length() + " instead.", "prompt",
                    "string_above_max_length");
        }
        job.prompt = prompt;
    }

    private void checkN() {
        Integer n = params.integer("n");
        if (n == null) {
            return;
        }
        int max = dialect.maxN(job.model, route.op);
        if (n < 1) {
            throw errors.invalid("Invalid 'n': integer below minimum value. Expected a value >= 1, but got " + n
                    + " instead.", "n", "integer_below_min_value");
        }
        if (n > max) {
            throw errors.invalid("Invalid 'n': integer above maximum value. Expected a value <= " + max
                    + ", but got " + n + " instead.", "n", "integer_above_max_value");
        }
        job.n = n;
    }

    private boolean present(String name) {
        if (params.has(name)) {
            return true;
        }
        for (RecordedPart p : ex.parts) {
            if (p.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private void checkModelSpecificParams() {
        Models.Model m = job.model;
        if (!m.isGpt26OrLater() && !dialect.stripsUnknownFields()) {
            for (String name : GPT_26_ONLY) {
                if (present(name)) {
                    throw errors.unknownParameter(name);
                }
            }
        }
        if (m.isDalle()) {
            for (String name : GPT_ONLY) {
                if (params.has(name)) {
                    throw errors.unsupportedParameter(name, m.id);
                }
            }
        }
        if (params.has("style")) {
            if (m.family != Models.Family.DALLE3) {
                throw errors.unsupportedParameter("style", m.id);
            }
            job.style = params.oneOf("style", params.string("style"), List.of("vivid", "natural"));
        }
        if (params.has("input_fidelity")) {
            if (m.isMini()) {
                throw errors.unsupportedParameter("input_fidelity", m.id);
            }
            params.oneOf("input_fidelity", params.string("input_fidelity"), List.of("high", "low"));
        }
        if (params.has("moderation")) {
            params.oneOf("moderation", params.string("moderation"), List.of("low", "auto"));
        }
        if (params.has("user")) {
            params.string("user");
        }
        if (params.has("safety_identifier")) {
            job.safetyIdentifier = params.string("safety_identifier");
        }
    }

    private void checkResponseFormat() {
        boolean accepted = dialect.acceptsResponseFormat(job.model);
        if (params.has("response_format")) {
            if (!accepted) {
                throw errors.unsupportedParameter("response_format", job.model.id);
            }
            job.responseFormat = params.oneOf("response_format", params.string("response_format"),
                    List.of("url", "b64_json"));
        } else if (accepted) {
            job.responseFormat = "url";
        }
    }

    private void checkOutput() {
        Models.Model m = job.model;
        if (m.isDalle()) {
            job.background = null;
            return;
        }
        if (params.has("output_format")) {
            job.format = params.oneOf("output_format", params.string("output_format"), dialect.outputFormats(m));
            dialect.checkOutputFormat(job.format, errors);
        }
        boolean gif = job.format.equals("gif");
        if (m.isGpt26OrLater()) {
            job.complexity = params.has("complexity") ? params.oneOf("complexity", params.string("complexity"),
                    List.of("low", "medium", "high")) : "high";
        }
        if (params.has("output_compression")) {
            if (gif) {
                throw errors.invalid("Unsupported parameter: 'output_compression' is not supported with "
                        + "output_format 'gif'.", "output_compression", "unsupported_parameter");
            }
            int c = params.integer("output_compression");
            if (c < 0 || c > 100) {
                throw errors.invalid("Invalid 'output_compression': expected a value between 0 and 100, but got "
                        + c + " instead.", "output_compression", c < 0 ? "integer_below_min_value"
                        : "integer_above_max_value");
            }
            job.compression = c;
        }
        if (gif) {
            job.frames = bounded("frame_count", MIN_FRAMES, MAX_FRAMES, DEFAULT_FRAMES);
            int ms = bounded("frame_duration_ms", MIN_FRAME_MS, MAX_FRAME_MS, DEFAULT_FRAME_MS);
            job.frameMillis = (int) (Math.round(ms / 10.0) * 10);
        } else if (m.isGpt26OrLater()) {
            for (String name : List.of("frame_count", "frame_duration_ms")) {
                if (params.has(name)) {
                    throw errors.invalid("Unsupported parameter: '" + name + "' is only supported with "
                            + "output_format 'gif'.", name, "unsupported_parameter");
                }
            }
        }
        if (job.format.equals("svg")) {
            if (job.n > 1) {
                throw errors.invalid("Invalid 'n': output_format 'svg' produces a single image; n must be 1, but "
                        + "got " + job.n + " instead.", "n", "integer_above_max_value");
            }
            if (route.op != ImagesRoute.Op.GENERATIONS) {
                throw errors.invalid("Invalid value: 'svg'. output_format 'svg' is only supported for image "
                        + "generations.", "output_format", "invalid_value");
            }
        }
        if (m.isGpt26OrLater() && params.has("svg")) {
            checkSvgOptions();
        }
        job.requestedBackground = params.has("background")
                ? params.oneOf("background", params.string("background"), List.of("transparent", "opaque", "auto"))
                : "auto";
        if (job.requestedBackground.equals("transparent") && !job.format.equals("png")
                && !job.format.equals("webp")) {
            throw errors.invalid("Transparent background is not supported with output_format '" + job.format
                    + "'. Use 'png' or 'webp'.", "background", "invalid_value");
        }
        job.background = job.requestedBackground.equals("transparent") ? "transparent" : "opaque";
    }

    /** {@code svg: {model, reasoning: {effort}}}: the SVG authoring model's settings, with SVG output only. */
    private void checkSvgOptions() {
        if (!job.format.equals("svg")) {
            throw errors.invalid("Unsupported parameter: 'svg' is only supported with output_format 'svg'.", "svg",
                    "unsupported_parameter");
        }
        JsonNode svg = ex.json.get("svg");
        if (!svg.isObject()) {
            throw errors.invalid("Invalid type for 'svg': expected an object.", "svg", "invalid_type");
        }
        for (Iterator<String> it = svg.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (!name.equals("model") && !name.equals("reasoning")) {
                throw errors.unknownParameter("svg." + name);
            }
        }
        JsonNode model = svg.get("model");
        if (model == null || model.isNull()) {
            throw errors.missing("svg.model");
        }
        if (!model.isTextual() || model.asText().isEmpty()) {
            throw errors.invalid("Invalid 'svg.model': expected a non-empty string.", "svg.model", "invalid_type");
        }
        job.svgModel = model.asText();
        JsonNode reasoning = svg.get("reasoning");
        if (reasoning != null && !reasoning.isNull()) {
            if (!reasoning.isObject()) {
                throw errors.invalid("Invalid type for 'svg.reasoning': expected an object.", "svg.reasoning",
                        "invalid_type");
            }
            for (Iterator<String> it = reasoning.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (!name.equals("effort")) {
                    throw errors.unknownParameter("svg.reasoning." + name);
                }
            }
            JsonNode effort = reasoning.get("effort");
            if (effort != null && !effort.isNull()) {
                job.svgEffort = params.oneOf("svg.reasoning.effort", effort.isTextual() ? effort.asText()
                        : effort.toString(), SVG_EFFORTS);
            }
        }
    }

    /** An integer parameter within {@code min..max}, or {@code dflt} when absent. */
    private int bounded(String name, int min, int max, int dflt) {
        Integer v = params.integer(name);
        if (v == null) {
            return dflt;
        }
        if (v < min) {
            throw errors.invalid("Invalid '" + name + "': integer below minimum value. Expected a value >= " + min
                    + ", but got " + v + " instead.", name, "integer_below_min_value");
        }
        if (v > max) {
            throw errors.invalid("Invalid '" + name + "': integer above maximum value. Expected a value <= " + max
                    + ", but got " + v + " instead.", name, "integer_above_max_value");
        }
        return v;
    }

    private void checkStream() {
        Boolean stream = params.bool("stream");
        Integer partials = params.integer("partial_images");
        dialect.checkStreaming(stream, partials, errors);
        job.stream = stream != null && stream;
        if (partials != null) {
            if (partials < 0 || partials > 3) {
                throw errors.invalid("Invalid 'partial_images': expected a value between 0 and 3, but got "
                        + partials + " instead.", "partial_images", partials < 0 ? "integer_below_min_value"
                        : "integer_above_max_value");
            }
            job.partials = partials;
        }
        if (job.format.equals("gif") || job.format.equals("svg")) {
            if (job.stream) {
                throw errors.invalid("Unsupported parameter: 'stream' is not supported with output_format '"
                        + job.format + "'.", "stream", "unsupported_parameter");
            }
            if (job.partials > 0) {
                throw errors.invalid("Unsupported parameter: 'partial_images' is not supported with output_format '"
                        + job.format + "'.", "partial_images", "unsupported_parameter");
            }
        }
    }

    private void checkQuality() {
        Models.Model m = job.model;
        List<String> allowed = dialect.qualities(m, route.op);
        String q = params.has("quality") ? params.string("quality") : dialect.defaultQuality(m);
        if (!allowed.contains(q) && m.isGptImage() && GPT_25_QUALITIES.contains(q)) {
            throw errors.invalid("The model '" + m.id + "' does not support quality '" + q + "'.", "quality",
                    "invalid_value");
        }
        q = params.oneOf("quality", q, allowed);
        job.requestedQuality = q;
        job.quality = q.equals("auto") ? (m.isDalle() ? "standard" : "high") : q;
    }

    private void checkSize() {
        Models.Model m = job.model;
        List<String> presets = dialect.presetSizes(m);
        boolean given = params.has("size");
        String size = given ? params.string("size") : dialect.defaultSize(m, route, job.jsonEdit);
        job.requestedSize = size;
        if (route.op == ImagesRoute.Op.EDITS && m.isGptImage() && !job.inputSizes.isEmpty()
                && (!given || (size.equals("auto") && presets.contains("auto")))) {
            int[] first = job.inputSizes.get(0);
            if (first != null && validSize(m, presets, first[0], first[1])) {
                // an edit without an explicit size keeps the first image's size when the model can produce it
                job.width = first[0];
                job.height = first[1];
                if (!given) {
                    job.requestedSize = first[0] + "x" + first[1];
                }
                return;
            }
        }
        if (size.equals("auto") && presets.contains("auto")) {
            String p = job.prompt.toLowerCase(Locale.ROOT);
            if (p.contains("landscape") || p.contains("wide") || p.contains("panorama")) {
                job.width = 1536;
                job.height = 1024;
            } else if (p.contains("portrait") || p.contains("tall")) {
                job.width = 1024;
                job.height = 1536;
            } else {
                job.width = 1024;
                job.height = 1024;
            }
            return;
        }
        Matcher wh = SIZE.matcher(size);
        if (presets.contains(size) && wh.matches()) {
            job.width = Integer.parseInt(wh.group(1));
            job.height = Integer.parseInt(wh.group(2));
            return;
        }
        if (!dialect.customSizes(m) || !wh.matches()) {
            throw errors.invalid("Invalid value: '" + size + "'. Supported values are: '"
                    + String.join("', '", presets) + "'.", "size", "invalid_value");
        }
        int w = Integer.parseInt(wh.group(1));
        int h = Integer.parseInt(wh.group(2));
        String problem = customSizeProblem(w, h);
        if (problem != null) {
            throw errors.invalid("Invalid size '" + size + "'. " + problem, "size", "invalid_value");
        }
        job.width = w;
        job.height = h;
    }

    private boolean validSize(Models.Model m, List<String> presets, int w, int h) {
        return presets.contains(w + "x" + h) || (dialect.customSizes(m) && customSizeProblem(w, h) == null);
    }

    private void checkGifSheet() {
        if (!job.format.equals("gif")) {
            return;
        }
        long sheet = (long) job.frames * job.width * job.height;
        if (sheet > GIF_SHEET_PIXELS) {
            throw errors.invalid("Invalid 'frame_count': " + job.frames + " frames of " + job.width + "x" + job.height
                    + " need a " + sheet + "-pixel sheet, more than the " + GIF_SHEET_PIXELS + " pixels allowed "
                    + "(frame_count x width x height). Use fewer frames or a smaller size.", "frame_count",
                    "invalid_value");
        }
    }

    /** The gpt-image-2 flexible size rule: {@code null} when {@code w x h} passes, else what it breaks. */
    static String customSizeProblem(int w, int h) {
        if (w % 16 != 0 || h % 16 != 0) {
            return "Width and height must both be divisible by 16.";
        }
        if (Math.max(w, h) > 3840) {
            return "The longest edge must be at most 3840 pixels.";
        }
        if (Math.max(w, h) > 3L * Math.min(w, h)) {
            return "The aspect ratio must be between 1:3 and 3:1.";
        }
        if ((long) w * h < 655_360L || (long) w * h > 8_294_400L) {
            return "The total number of pixels must be between 655360 and 8294400.";
        }
        return null;
    }
}
