package dev.imagegen4j.cli;

import dev.imagegen4j.AspectRatio;
import dev.imagegen4j.Background;
import dev.imagegen4j.Complexity;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.Moderation;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.ResolutionTier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The image options shared by generate, edit and batch. Values are open: any quality, format, background or
 * complexity is accepted here and checked against the chosen model's catalog entry before anything is sent.
 */
final class ImageOptions {

    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?");

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Model id, e.g. gpt-image-2.5-flare (default: the catalog's), gpt-image-2; any id works.")
    String model;

    @Option(names = "--size", paramLabel = "WxH|auto", description = "Size, e.g. 1024x1024, 1536x864 (gpt-image-2 and later), auto.")
    String size;

    @Option(names = "--quality", paramLabel = "Q",
            description = "low, medium, high, auto; xhigh, max (GPT Image 2.5+); standard, hd (dall-e-3); any new value.")
    String quality;

    @Option(names = "--format", paramLabel = "FMT", description = "png (default), jpeg, webp; svg, gif (GPT Image 2.6+).")
    String format;

    @Option(names = "--compression", paramLabel = "N", description = "Output compression 0-100 for jpeg and webp.")
    Integer compression;

    @Option(names = "--background", paramLabel = "BG", description = "transparent (png or webp), opaque or auto.")
    String background;

    @Option(names = "--moderation", paramLabel = "LEVEL", description = "low or auto.")
    String moderation;

    @Option(names = "--complexity", paramLabel = "LEVEL", description = "low, medium or high (GPT Image 2.6+).")
    String complexity;

    @Option(names = "--aspect-ratio", paramLabel = "W:H",
            description = "Aspect ratio, e.g. 16:9: taken as is by Gemini, mapped to the nearest size elsewhere.")
    String aspectRatio;

    @Option(names = "--resolution", paramLabel = "TIER", description = "Resolution tier: 1K, 2K or 4K (with or without --aspect-ratio).")
    String resolution;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed where the vendor has one (Gemini).")
    Long seed;

    @Option(names = "--safety-identifier", paramLabel = "ID",
            description = "A stable, hashed id of your end user (safety_identifier).")
    String safetyIdentifier;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "A vendor parameter imagegen4j has no option for yet, sent as given (repeatable); numbers, "
                    + "true/false and JSON objects are sent typed, e.g. --param frame_count=4.")
    List<String> params = new ArrayList<>();

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Number of images (default 1).")
    Integer n;

    /** Applies the options that were given to {@code b}; a bad value fails naming the option. */
    ImageRequest.Builder apply(ImageRequest.Builder b) {
        if (model != null) {
            option("--model", () -> b.model(model));
        }
        if (size != null) {
            b.size(option("--size", () -> ImageSize.parse(size)));
        }
        if (quality != null) {
            b.quality(option("--quality", () -> Quality.of(quality)));
        }
        if (format != null) {
            b.outputFormat(option("--format", () -> OutputFormat.of(format)));
        }
        if (background != null) {
            b.background(option("--background", () -> Background.of(background)));
        }
        if (moderation != null) {
            b.moderation(option("--moderation", () -> Moderation.of(moderation)));
        }
        if (complexity != null) {
            b.complexity(option("--complexity", () -> Complexity.of(complexity)));
        }
        if (safetyIdentifier != null) {
            b.safetyIdentifier(safetyIdentifier);
        }
        if (aspectRatio != null) {
            b.aspectRatio(option("--aspect-ratio", () -> AspectRatio.parse(aspectRatio)));
        }
        if (resolution != null) {
            b.resolution(option("--resolution", () -> ResolutionTier.of(resolution)));
        }
        if (seed != null) {
            b.seed(seed);
        }
        parsedParams().forEach(b::param);
        b.outputCompression(compression);
        b.n(n);
        return b;
    }

    /** The {@code --param} values, typed. @throws InvalidRequestException naming a malformed one */
    Map<String, Object> parsedParams() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new InvalidRequestException("param", "--param '" + p + "': expected KEY=VALUE, e.g. "
                        + "--param frame_count=4");
            }
            String key = p.substring(0, eq).strip();
            if (key.isEmpty() || key.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new InvalidRequestException("param", "--param '" + p + "': the key must be a parameter name "
                        + "without spaces");
            }
            if (out.containsKey(key)) {
                throw new InvalidRequestException("param", "--param " + key + " is given twice");
            }
            out.put(key, typed(p.substring(eq + 1)));
        }
        return out;
    }

    /**
     * {@code 4} and {@code -2} are whole numbers, {@code 1.5} a decimal, {@code true}/{@code false} booleans, a JSON
     * object or list ({@code {"model": "x"}}) is sent as JSON; anything else is a string.
     */
    static Object typed(String value) {
        String v = value.strip();
        if (v.startsWith("{") || v.startsWith("[")) {
            try {
                return ResultPrinter.JSON.readValue(v, Object.class);
            } catch (java.io.IOException e) {
                throw new InvalidRequestException("param", "--param value '" + v + "' starts like JSON but does not "
                        + "parse: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        if (INTEGER.matcher(v).matches()) {
            return Long.parseLong(v);
        }
        if (DECIMAL.matcher(v).matches()) {
            return new BigDecimal(v);
        }
        return value;
    }

    OutputFormat format() {
        return format == null ? OutputFormat.PNG : OutputFormat.of(format);
    }

    static <T> T option(String name, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(name.substring(2), name + ": " + e.getMessage());
        }
    }
}
