package dev.imagegen4j.cli.mcp;

import dev.imagegen4j.AspectRatio;
import dev.imagegen4j.Background;
import dev.imagegen4j.Complexity;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.InputFidelity;
import dev.imagegen4j.Moderation;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.Quality;
import dev.imagegen4j.ResolutionTier;
import dev.imagegen4j.Style;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A tool call's arguments, typed: a wrong type is a {@link ToolError} naming the argument; catalog options are set on
 * the request as typed fields where it has one, else as parameters (checked by the catalog's rule). Values are open:
 * any string is taken here and the catalog decides.
 */
final class ToolArguments {
    private final Map<String, Object> args;

    ToolArguments(Map<String, Object> args) {
        this.args = args == null ? Map.of() : args;
    }

    Object raw(String name) {
        return args.get(name);
    }

    String requiredString(String name) {
        return string(name).filter(s -> !s.isBlank())
                .orElseThrow(() -> new ToolError(name + " is required (a non-empty string)"));
    }

    Optional<String> string(String name) {
        Object v = args.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String)) {
            throw new ToolError(name + " must be a string");
        }
        return Optional.of((String) v);
    }

    Optional<Long> integer(String name) {
        Object v = args.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())) {
            return Optional.of(((Number) v).longValue());
        }
        throw new ToolError(name + " must be a whole number");
    }

    boolean bool(String name) {
        Object v = args.get(name);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean)) {
            throw new ToolError(name + " must be true or false");
        }
        return (Boolean) v;
    }

    List<String> strings(String name) {
        Object v = args.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String) {
            return List.of((String) v);
        }
        if (!(v instanceof List)) {
            throw new ToolError(name + " must be a list of image names");
        }
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof String)) {
                throw new ToolError(name + " must be a list of image names (strings)");
            }
            out.add((String) o);
        }
        return out;
    }

    /** Sets option {@code name}: a typed field where the request has one, else a parameter checked by its rule. */
    static void option(ImageRequest.Builder b, String name, Object value) {
        String s = String.valueOf(value);
        switch (name) {
            case "quality":
                b.quality(parse(name, s, () -> Quality.of(s)));
                break;
            case "output_format":
                b.outputFormat(parse(name, s, () -> OutputFormat.of(s)));
                break;
            case "background":
                b.background(parse(name, s, () -> Background.of(s)));
                break;
            case "moderation":
                b.moderation(parse(name, s, () -> Moderation.of(s)));
                break;
            case "complexity":
                b.complexity(parse(name, s, () -> Complexity.of(s)));
                break;
            case "style":
                b.style(parse(name, s, () -> Style.of(s)));
                break;
            case "input_fidelity":
                b.inputFidelity(parse(name, s, () -> InputFidelity.of(s)));
                break;
            case "aspect_ratio":
                b.aspectRatio(parse(name, s, () -> AspectRatio.parse(s)));
                break;
            case "resolution":
                b.resolution(parse(name, s, () -> ResolutionTier.of(s)));
                break;
            case "output_compression":
                b.outputCompression(parse(name, s, () -> wholeNumber(value).intValue()));
                break;
            case "seed":
                b.seed(parse(name, s, () -> wholeNumber(value)));
                break;
            default:
                b.param(name, value);
                break;
        }
    }

    private static Long wholeNumber(Object v) {
        if (v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())) {
            return ((Number) v).longValue();
        }
        return Long.parseLong(String.valueOf(v).strip());
    }

    static <T> T parse(String name, String value, Supplier<T> p) {
        try {
            return p.get();
        } catch (IllegalArgumentException e) {
            throw new ToolError(name + " '" + value + "': " + e.getMessage());
        }
    }

}
