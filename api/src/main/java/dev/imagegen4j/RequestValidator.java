package dev.imagegen4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks one request against one model's {@link ModelCapabilities}. Exact mode (a model the catalog knows):
 * every broken rule is an {@link InvalidRequestException}. Inferred mode (rules borrowed for a model the catalog
 * does not know): every broken rule becomes a warning and the request is sent as asked. Options the model does
 * not have are ignored with a warning (errors in strict mode); a {@linkplain ImageRequest#params() param} the
 * catalog knows only on other models is refused. When a provider narrowed the capabilities, a rule only the
 * narrowing breaks is blamed on the provider. Not thread-safe; one instance per check.
 */
final class RequestValidator {

    /** What the catalog knows about other models, for messages and for params. */
    interface Hints {
        /** Known models that take {@code value} for {@code option}, for "it is taken by ..." hints. */
        List<ModelId> takingValue(String option, String value);

        /** Known models that take {@code option} at all. */
        List<ModelId> takingOption(String option);

        Hints NONE = new Hints() {
            @Override
            public List<ModelId> takingValue(String option, String value) {
                return List.of();
            }

            @Override
            public List<ModelId> takingOption(String option) {
                return List.of();
            }
        };
    }

    private final ModelCapabilities caps;
    private final ModelId model;
    private final ImageRequest r;
    private final String inferredFrom;
    /** The catalog entry a user's extension would copy ({@code like:}): the model's own, or the one it resolved to. */
    private final ModelId base;
    private final Hints hints;
    private final List<String> ignored = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final OutputFormat format;

    RequestValidator(ModelCapabilities caps, ModelId model, ImageRequest request, String inferredFrom, Hints hints) {
        this(caps, model, model, request, inferredFrom, hints);
    }

    RequestValidator(ModelCapabilities caps, ModelId model, ModelId base, ImageRequest request, String inferredFrom,
            Hints hints) {
        this.base = base;
        this.caps = caps;
        this.model = model;
        this.r = request;
        this.inferredFrom = inferredFrom;
        this.hints = hints;
        this.format = caps.outputFormats().isEmpty() ? OutputFormat.PNG : request.outputFormat().orElse(OutputFormat.PNG);
    }

    List<String> run() {
        ImageOperation op = r.operation();
        Optional<ModelCapabilities.FormatRule> fr = r.outputFormat().flatMap(caps::formatRule);
        if (!caps.supports(op)) {
            refuse(op == ImageOperation.EDIT ? "image" : "operation", opName(op) + ": "
                    + who(c -> c.supports(op)) + " does not support " + opName(op) + "s (it takes: "
                    + caps.operations().stream().map(RequestValidator::opName).collect(Collectors.joining(", ")) + ")");
        } else if (fr.isPresent() && fr.get().operations() != null && !fr.get().operations().contains(op)) {
            refuse("output_format", "output format " + format + " for " + model + " takes "
                    + fr.get().operations().stream().map(RequestValidator::plural).collect(Collectors.joining(" and "))
                    + " only (this is " + article(op) + ")");
        }
        r.prompt().ifPresent(p -> {
            if (p.length() > caps.maxPromptLength()) {
                refuse("prompt", String.format(Locale.ROOT, "prompt of %,d characters: %s takes at most %,d",
                        p.length(), who(c -> p.length() <= c.maxPromptLength()), caps.maxPromptLength()));
            }
        });
        checkN(fr);
        r.size().ifPresent(s -> caps.sizeRule().violation(s).ifPresent(why -> refuse("size", "size " + s + " for "
                + who(c -> c.sizeRule().allows(s)) + ": " + why)));
        checkTypedOptions(op);
        checkParams();
        checkFormatDependent(fr);
        checkInputs(fr);
        if (r.isStrict() && !ignored.isEmpty()) {
            String first = ignored.get(0);
            throw new InvalidRequestException(first.substring(0, first.indexOf(' ')),
                    "strict mode: " + first.replace(" ignored:", " is not allowed:"));
        }
        List<String> out = new ArrayList<>(ignored);
        out.addAll(warnings);
        out.addAll(notes());
        return out;
    }

    // ---- n, options ----------------------------------------------------------------------------------

    private void checkN(Optional<ModelCapabilities.FormatRule> fr) {
        int n = r.count();
        if (n > caps.maxN()) {
            refuse("n", "n " + n + ": " + who(c -> n <= c.maxN())
                    + (caps.maxN() == 1 ? " takes only 1 image per request" : " takes 1 to " + caps.maxN()));
        } else if (fr.isPresent() && fr.get().maxN() != null && n > fr.get().maxN()) {
            refuse("n", "n " + n + ": output format " + format + " for " + model + " takes "
                    + (fr.get().maxN() == 1 ? "only 1 image per request" : "1 to " + fr.get().maxN()));
        }
    }

    private void checkTypedOptions(ImageOperation op) {
        Map<String, WireValue> typed = new LinkedHashMap<>();
        r.quality().ifPresent(v -> typed.put(ModelCapabilities.QUALITY, v));
        r.outputFormat().ifPresent(v -> typed.put(ModelCapabilities.OUTPUT_FORMAT, v));
        r.background().ifPresent(v -> typed.put(ModelCapabilities.BACKGROUND, v));
        r.moderation().ifPresent(v -> typed.put(ModelCapabilities.MODERATION, v));
        r.inputFidelity().ifPresent(v -> typed.put(ModelCapabilities.INPUT_FIDELITY, v));
        r.style().ifPresent(v -> typed.put(ModelCapabilities.STYLE, v));
        r.responseFormat().ifPresent(v -> typed.put(ModelCapabilities.RESPONSE_FORMAT, v));
        r.complexity().ifPresent(v -> typed.put(ModelCapabilities.COMPLEXITY, v));
        r.resolution().ifPresent(v -> typed.put(ModelCapabilities.RESOLUTION, v));
        for (Map.Entry<String, WireValue> e : typed.entrySet()) {
            String option = e.getKey();
            String value = e.getValue().wireValue();
            String label = label(option);
            Optional<OptionRule> rule = caps.option(option);
            if (rule.isEmpty()) {
                if (!(option.equals(ModelCapabilities.OUTPUT_FORMAT) && value.equalsIgnoreCase("png")
                        && who(c -> c.option(option).isPresent()).equals(model.value()))) {
                    // png from a model that only returns png is what was asked: nothing to warn about
                    ignore(label + " " + value + " ignored: " + missingOption(option));
                }
                continue;
            }
            if (option.equals(ModelCapabilities.INPUT_FIDELITY) && op != ImageOperation.EDIT) {
                ignore("input fidelity " + value + " ignored: it applies to edits only");
                continue;
            }
            checkValue(option, label, value, rule.get());
        }
        r.aspectRatio().ifPresent(v -> {
            Optional<OptionRule> rule = caps.option(ModelCapabilities.ASPECT_RATIO);
            if (rule.isEmpty()) {
                ignore("aspect ratio " + v + " ignored: " + model + " takes sizes (set a size instead)");
            } else {
                checkValue(ModelCapabilities.ASPECT_RATIO, "aspect ratio", v.wireValue(), rule.get());
            }
        });
        r.seed().ifPresent(v -> {
            Optional<OptionRule> rule = caps.option(ModelCapabilities.SEED);
            if (rule.isEmpty()) {
                ignore("seed " + v + " ignored: " + who(c -> c.option(ModelCapabilities.SEED).isPresent())
                        + " has no seed option");
            } else {
                checkValue(ModelCapabilities.SEED, "seed", v, rule.get());
            }
        });
        r.safetyIdentifier().ifPresent(v -> {
            if (!caps.supportsSafetyIdentifier()) {
                ignore("safety identifier ignored: " + model + " has no safety_identifier field");
            }
        });
    }

    private String missingOption(String option) {
        switch (option) {
            case ModelCapabilities.OUTPUT_FORMAT:
                String subject = who(c -> c.option(option).isPresent());
                // the model itself returns one format; a vendor that dropped the option returns its own choice
                return subject.equals(model.value()) ? model + " always returns png"
                        : subject + " takes no output format (the vendor chooses it)";
            case ModelCapabilities.STYLE:
                return "style is a dall-e-3 option and is never sent to " + model;
            case ModelCapabilities.RESPONSE_FORMAT:
                return model + " always returns base64 and does not take response_format";
            default:
                return who(c -> c.option(option).isPresent()) + " has no " + label(option) + " option";
        }
    }

    private void checkValue(String option, String label, Object value, OptionRule rule) {
        Optional<String> why = rule.violation(value);
        if (why.isPresent()) {
            String subject = who(c -> c.option(option).map(o -> o.allows(value)).orElse(false));
            StringBuilder m = new StringBuilder(subject).append(" does not take ").append(label).append(" '")
                    .append(value).append("' (").append(why.get()).append(')');
            List<ModelId> takers = new ArrayList<>(hints.takingValue(option, String.valueOf(value)));
            takers.remove(model);
            if (!takers.isEmpty() && rule.values().isPresent()) {
                m.append("; '").append(value).append("' is taken by ").append(list(takers));
            }
            if (rule.values().isPresent() && caps.narrowedBy().isEmpty()) {
                List<String> extended = new ArrayList<>(rule.values().get());
                extended.add(String.valueOf(value));
                m.append(". If ").append(model).append(" takes it now, extend the catalog, e.g. in the config file: "
                        + "models: { ").append(model).append(": { like: ").append(base).append(", options: { ")
                        .append(option).append(": [").append(String.join(", ", extended)).append("] } } }");
            }
            refuse(option, m.toString());
        }
        checkOnlyWith(option, label, rule);
    }

    private void checkOnlyWith(String option, String label, OptionRule rule) {
        for (Map.Entry<String, Set<String>> need : rule.onlyWith().entrySet()) {
            Object other = currentValue(need.getKey());
            String otherValue = other == null ? defaultOf(need.getKey()) : String.valueOf(other);
            boolean ok = otherValue != null && need.getValue().stream().anyMatch(v -> v.equalsIgnoreCase(otherValue));
            if (!ok) {
                refuse(option, label + " applies only with " + need.getKey() + " " + String.join(" or ", need.getValue())
                        + " (" + need.getKey() + " is " + (otherValue == null ? "not set" : otherValue) + ")");
            }
        }
    }

    private Object currentValue(String option) {
        switch (option) {
            case ModelCapabilities.QUALITY:
                return r.quality().orElse(null);
            case ModelCapabilities.OUTPUT_FORMAT:
                return r.outputFormat().orElse(null);
            case ModelCapabilities.BACKGROUND:
                return r.background().orElse(null);
            case ModelCapabilities.COMPLEXITY:
                return r.complexity().orElse(null);
            case ModelCapabilities.MODERATION:
                return r.moderation().orElse(null);
            default:
                return r.params().get(option);
        }
    }

    private String defaultOf(String option) {
        if (option.equals(ModelCapabilities.OUTPUT_FORMAT)) {
            return "png";
        }
        return caps.option(option).flatMap(OptionRule::defaultValue).orElse(null);
    }

    private void checkParams() {
        for (Map.Entry<String, Object> e : r.params().entrySet()) {
            String key = e.getKey();
            Optional<OptionRule> rule = caps.option(key);
            if (rule.isPresent()) {
                checkValue(key, key, e.getValue(), rule.get());
                continue;
            }
            List<ModelId> takers = new ArrayList<>(hints.takingOption(key));
            takers.remove(model);
            if (!takers.isEmpty()) {
                refuse(key, who(c -> c.option(key).isPresent()) + " does not take " + key + " (the catalog knows it on "
                        + list(takers) + ")");
            }
        }
    }

    // ---- format-dependent rules ------------------------------------------------------------------------

    private void checkFormatDependent(Optional<ModelCapabilities.FormatRule> fr) {
        Set<String> formatIgnores = fr.map(ModelCapabilities.FormatRule::ignored).orElse(Set.of());
        r.background().ifPresent(bg -> {
            if (bg.equals(Background.TRANSPARENT) && caps.option(ModelCapabilities.BACKGROUND).isPresent()) {
                if (!format.supportsTransparency()) {
                    refuse("background", "background transparent needs output format png or webp (got " + format + ")");
                } else if (!caps.outputFormats().isEmpty() && !caps.outputFormats().contains(format)) {
                    refuse("background", "background transparent for " + model + " needs output format "
                            + join(caps.outputFormats()));
                }
            }
        });
        r.outputCompression().ifPresent(c -> {
            if (caps.outputFormats().isEmpty() || !format.supportsCompression()
                    || formatIgnores.contains(ModelCapabilities.OUTPUT_COMPRESSION)) {
                ignore("output compression " + c + " ignored: it applies to jpeg and webp output only (format is "
                        + format + ")");
            }
        });
        r.partialImages().ifPresent(p -> {
            if (p > 0 && !caps.supportsStreaming()) {
                ignore("partial images " + p + " ignored: " + who(ModelCapabilities::supportsStreaming)
                        + " does not stream");
            } else if (p > 0 && fr.isPresent() && Boolean.FALSE.equals(fr.get().streaming())) {
                ignore("partial images " + p + " ignored: " + format + " output does not stream");
            }
        });
    }

    // ---- reference images, mask, markup ---------------------------------------------------------------

    private void checkInputs(Optional<ModelCapabilities.FormatRule> fr) {
        List<ImageInput> images = r.images();
        if (images.size() > caps.maxReferenceImages()) {
            refuse("image", images.size() + " reference images for " + who(c -> images.size() <= c.maxReferenceImages())
                    + ": at most " + caps.maxReferenceImages());
        }
        boolean refs = images.stream().anyMatch(ImageInput::isReference)
                || r.mask().map(ImageInput::isReference).orElse(false)
                || r.markup().map(ImageInput::isReference).orElse(false);
        if (refs && !caps.supportsImageReferences()) {
            refuse("image", "image references (URLs, file ids): " + who(ModelCapabilities::supportsImageReferences)
                    + " takes uploaded image files only");
        }
        for (ImageInput image : images) {
            checkInput(image, "image", caps.maxImageBytes(), caps.inputMimeTypes());
            if (caps.requiresSquareInputs()) {
                image.dimensions().ifPresent(d -> {
                    if (d.width() != d.height()) {
                        refuse("image", "image '" + image.fileName() + "' is " + d + ": " + model
                                + " takes square images only");
                    }
                });
            }
        }
        r.mask().ifPresent(m -> {
            if (!caps.supportsMask()) {
                refuse("mask", "mask: " + who(ModelCapabilities::supportsMask) + " does not support masked edits");
                return;
            }
            if (fr.isPresent() && Boolean.FALSE.equals(fr.get().mask())) {
                refuse("mask", "mask: output format " + format + " for " + model + " takes no mask");
            }
            checkInput(m, "mask", caps.maxMaskBytes(), Set.of("image/png"));
            if (m.hasAlpha().orElse(true) == Boolean.FALSE) {
                refuse("mask", "mask '" + m.fileName() + "' has no alpha channel: its fully transparent pixels mark "
                        + "the area to edit, so it must be a PNG with transparency (RGBA)");
            }
            sameSize(m, "mask", images.get(0));
        });
        r.markup().ifPresent(m -> {
            if (!caps.supportsMarkup()) {
                refuse("markup", "markup: " + who(ModelCapabilities::supportsMarkup)
                        + " does not support markup-guided edits");
                return;
            }
            checkInput(m, "markup", caps.maxMaskBytes(), Set.of("image/png"));
            sameSize(m, "markup", images.get(0));
        });
    }

    private void sameSize(ImageInput overlay, String what, ImageInput first) {
        Optional<ImageSize> od = overlay.dimensions();
        Optional<ImageSize> id = first.dimensions();
        if (od.isPresent() && id.isPresent() && !od.get().equals(id.get())) {
            refuse(what, what + " '" + overlay.fileName() + "' is " + od.get() + " but image '" + first.fileName()
                    + "' is " + id.get() + ": the " + what + " must have the same dimensions as the first image");
        }
    }

    private void checkInput(ImageInput in, String param, long maxBytes, Set<String> mimeTypes) {
        if (in.isReference()) {
            return;
        }
        in.length().ifPresent(len -> {
            if (len > maxBytes) {
                refuse(param, String.format(Locale.ROOT, "%s '%s' is %,d bytes: %s takes at most %,d", param,
                        in.fileName(), len, model, maxBytes));
            }
        });
        if (!in.isRecognizedImage()) {
            refuse(param, param + " '" + in.fileName() + "' is not a PNG, JPEG or WebP image");
            return;
        }
        if (!mimeTypes.contains(in.mimeType())) {
            refuse(param, param + " '" + in.fileName() + "' is " + in.mimeType() + ": " + model + " takes "
                    + String.join(", ", new TreeSet<>(mimeTypes)) + " for " + param);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private List<String> notes() {
        if (!Background.TRANSPARENT.equals(r.background().orElse(null))) {
            return List.of();
        }
        return caps.notes().stream().filter(n -> n.contains("transparent")).collect(Collectors.toList());
    }

    /**
     * The subject of a message: the model, or the provider that narrowed the model's capabilities when only the
     * narrowing breaks the rule ({@code gpt-image-2 on AI/ML API}).
     */
    private String who(Predicate<ModelCapabilities> allows) {
        Optional<String> vendor = caps.narrowedBy();
        if (vendor.isPresent() && caps.origin() != caps && allows.test(caps.origin())) {
            return model + " on " + vendor.get();
        }
        return model.value();
    }

    private void refuse(String param, String message) {
        if (inferredFrom != null) {
            warnings.add(message + " (" + inferredFrom + "; sent as asked)");
            return;
        }
        throw new InvalidRequestException(param, message);
    }

    private void ignore(String message) {
        if (inferredFrom != null) {
            warnings.add(message.replace(" ignored:", ":") + " (" + inferredFrom + "; sent as asked)");
            return;
        }
        ignored.add(message);
    }

    private static String label(String option) {
        return option.replace('_', ' ');
    }

    private static String opName(ImageOperation op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    private static String plural(ImageOperation op) {
        return op == ImageOperation.GENERATE ? "generations" : opName(op) + "s";
    }

    private static String article(ImageOperation op) {
        return op == ImageOperation.EDIT ? "an edit" : "a " + opName(op);
    }

    private static String list(List<ModelId> models) {
        return models.stream().map(ModelId::value).collect(Collectors.joining(", "));
    }

    private static String join(Set<? extends WireValue> values) {
        return values.stream().map(WireValue::wireValue).sorted().collect(Collectors.joining(", "));
    }
}
