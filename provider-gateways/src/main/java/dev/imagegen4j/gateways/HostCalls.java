package dev.imagegen4j.gateways;

import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.ModelNotFoundException;
import dev.imagegen4j.OptionRule;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.SizeRule;
import dev.imagegen4j.openai.wire.WireClient;
import dev.imagegen4j.spi.HostModels;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the three hosts share before anything is sent: the generator's defaults, the catalog's rules narrowed to
 * what the host's entry in {@link HostModels} takes, shapes adapted (a size becomes the nearest aspect ratio the
 * host takes), validation, and the portable options mapped to the host's input names. Immutable and thread-safe.
 */
final class HostCalls {

    /** The catalog options a host drops when its entry maps no input to them. */
    private static final List<String> MAPPABLE = List.of("quality", "background", "output_format", "moderation",
            "input_fidelity", "seed", "resolution");
    /** Catalog options no host here takes. */
    private static final List<String> NEVER = List.of("style", "response_format", "complexity", "safety_identifier");

    final String providerId;
    final String hostName;
    final ModelCatalog catalog;
    final HostModels hosts;
    final ImageRequest defaults;
    final ModelId defaultModel;
    final Clock clock;
    /** Whether a request for more images than one call returns becomes parallel calls (else it is refused). */
    final boolean splitsCalls;

    HostCalls(String providerId, ModelCatalog catalog, HostModels hosts, ImageRequest defaults, ModelId defaultModel,
            Clock clock, boolean splitsCalls) {
        this.providerId = providerId;
        this.hostName = providerId;
        this.catalog = catalog;
        this.hosts = hosts;
        this.defaults = defaults;
        this.defaultModel = defaultModel;
        this.clock = clock;
        this.splitsCalls = splitsCalls;
    }

    /** A request ready to send. */
    static final class Prepared {
        ImageRequest request;
        ModelId model;
        HostModels.Entry entry;
        ModelCapabilities caps;
        final List<String> warnings = new ArrayList<>();
        OutputFormat expected;
        /** The host's model id for this operation. */
        String wireModel;
        /** The most images one call returns. */
        int perCall;
    }

    /**
     * The host's entry of {@code model}.
     *
     * @throws ModelNotFoundException before anything is sent, saying how to add one
     */
    HostModels.Entry entry(ModelId model) {
        return hosts.find(hostName, model).orElseThrow(() -> new ModelNotFoundException(hostName + " has no id for "
                + "model " + model + " in its host data: add one to the generator's models setting, e.g. models: { "
                + model + ": owner/name } (hosts.yaml documents the entry's inputs)", null, providerId, 0, null,
                "model_not_found"));
    }

    /** The catalog's rules of {@code model} narrowed to what the host takes. */
    ModelCapabilities capabilities(ModelId model) {
        return narrow(catalog.resolve(model).capabilities(), entry(model));
    }

    private ModelCapabilities narrow(ModelCapabilities caps, HostModels.Entry e) {
        EnumSet<ImageOperation> ops = EnumSet.of(ImageOperation.GENERATE);
        if (caps.supports(ImageOperation.EDIT) && e.input("images").isPresent()) {
            ops.add(ImageOperation.EDIT);
        }
        ModelCapabilities.Builder b = caps.toBuilder().narrowedBy(hostName)
                .operations(ops.toArray(new ImageOperation[0]))
                .streaming(false)
                .mask(caps.supportsMask() && e.input("mask").isPresent())
                .markup(false)
                .imageReferences(true);
        int perCall = e.maxN().orElse(caps.maxN());
        if (!splitsCalls) {
            b.maxN(e.input("n").isPresent() ? Math.min(perCall, caps.maxN()) : 1);
        }
        for (String option : MAPPABLE) {
            if (e.input(option).isEmpty()) {
                b.option(option, null);
            } else if (option.equals("seed") && caps.option("seed").isEmpty()) {
                b.option("seed", OptionRule.range(0L, 4_294_967_295L));
            }
        }
        NEVER.forEach(o -> b.option(o, null));
        if (!e.sizes().isEmpty()) {
            b.sizeRule(caps.sizeRule().narrowTo(new java.util.LinkedHashSet<>(e.sizes())));
        }
        if (!e.aspectRatios().isEmpty()) {
            b.sizeRule(SizeRule.any()).option("aspect_ratio", OptionRule.oneOf(e.aspectRatios()));
        } else if (e.input("aspect_ratio").isEmpty()) {
            b.option("aspect_ratio", null);
        }
        return b.build();
    }

    /**
     * Applies defaults, resolves and narrows the model, adapts the shape and validates: nothing is sent for a
     * request that breaks a rule.
     *
     * @throws InvalidRequestException naming the rule
     * @throws ModelNotFoundException  when the host has no id for the model
     */
    Prepared prepare(ImageRequest request) {
        Prepared p = new Prepared();
        p.request = request.withDefaults(defaults);
        p.model = p.request.model().orElse(defaultModel);
        ModelCatalog.Resolution resolution = catalog.resolve(p.model);
        p.entry = entry(p.model);
        p.caps = narrow(resolution.capabilities(), p.entry);
        p.request = p.caps.adaptShape(p.request, p.warnings::add);
        p.caps.lifecycle().check(p.model, providerId, LocalDate.now(clock)).ifPresent(p.warnings::add);
        p.warnings.addAll(catalog.validate(p.request, resolution, p.caps));
        if (p.request.partialImages().isPresent()) {
            p.warnings.add("partial images ignored: " + providerId + " does not stream; the final image is delivered "
                    + "once");
        }
        for (ImageInput i : inputsOf(p.request)) {
            if (i.fileId().isPresent()) {
                throw new InvalidRequestException("image", "image '" + i.fileId().get() + "' is an OpenAI file id, "
                        + "which " + providerId + " cannot read: give the file or a URL");
            }
        }
        p.expected = p.request.outputFormat().orElse(OutputFormat.PNG);
        p.wireModel = p.request.operation() == ImageOperation.EDIT ? p.entry.editId().orElse(p.entry.id())
                : p.entry.id();
        p.perCall = Math.max(1, Math.min(p.caps.maxN(), p.entry.maxN().orElse(p.caps.maxN())));
        return p;
    }

    private static List<ImageInput> inputsOf(ImageRequest r) {
        List<ImageInput> all = new ArrayList<>(r.images());
        r.mask().ifPresent(all::add);
        return all;
    }

    /**
     * The host's inputs for {@code r} (one call of {@code p}): the entry's fixed inputs, each option the request sets
     * under its input name and form, then the request's params and provider options as given. Options in
     * {@code skip} are left out (the caller places them, e.g. OpenRouter's prompt and images in the message).
     */
    Map<String, Object> inputs(Prepared p, ImageRequest r, Set<String> skip) {
        Map<String, Object> in = new LinkedHashMap<>(p.entry.fixed());
        HostModels.Entry e = p.entry;
        Consumer<Object[]> put = kv -> {
            String option = (String) kv[0];
            if (!skip.contains(option)) {
                e.input(option).ifPresent(input -> input.put(in, kv[1] instanceof String
                        ? input.value((String) kv[1]) : kv[1]));
            }
        };
        r.prompt().ifPresent(v -> put.accept(new Object[] {"prompt", v}));
        if (r.n().isPresent() || r.count() > 1) {
            put.accept(new Object[] {"n", r.count()});
        }
        r.size().ifPresent(s -> e.input("size").filter(i -> !skip.contains("size"))
                .ifPresent(i -> i.put(in, i.size(s))));
        r.aspectRatio().ifPresent(v -> put.accept(new Object[] {"aspect_ratio", v.wireValue()}));
        r.resolution().ifPresent(v -> put.accept(new Object[] {"resolution", v.wireValue()}));
        r.quality().ifPresent(v -> put.accept(new Object[] {"quality", v.wireValue()}));
        r.background().ifPresent(v -> put.accept(new Object[] {"background", v.wireValue()}));
        r.outputFormat().ifPresent(v -> put.accept(new Object[] {"output_format", v.wireValue()}));
        r.outputCompression().ifPresent(v -> put.accept(new Object[] {"output_compression", v}));
        r.moderation().ifPresent(v -> put.accept(new Object[] {"moderation", v.wireValue()}));
        if (r.operation() == ImageOperation.EDIT) {
            r.inputFidelity().ifPresent(v -> put.accept(new Object[] {"input_fidelity", v.wireValue()}));
        }
        r.seed().ifPresent(v -> put.accept(new Object[] {"seed", v}));
        if (!r.images().isEmpty()) {
            e.input("images").filter(i -> !skip.contains("images")).ifPresent(i -> i.put(in,
                    i.form().equals("url") ? reference(r.images().get(0)) : references(r.images())));
        }
        r.mask().ifPresent(m -> e.input("mask").ifPresent(i -> i.put(in, reference(m))));
        in.putAll(r.params());
        in.putAll(r.providerOptions(providerId));
        return in;
    }

    /** Warnings for options the request sets that the host's entry has no input for and validation did not name. */
    List<String> unmapped(Prepared p) {
        List<String> out = new ArrayList<>();
        ImageRequest r = p.request;
        if (r.size().isPresent() && p.entry.input("size").isEmpty()) {
            out.add("size " + r.size().get() + " ignored: " + providerId + " takes no size for " + p.model);
        }
        if (r.outputCompression().isPresent() && p.entry.input("output_compression").isEmpty()) {
            out.add("output compression ignored: " + providerId + " takes none for " + p.model);
        }
        if (r.images().size() > 1 && p.entry.input("images").map(i -> i.form().equals("url")).orElse(false)) {
            out.add("only the first of " + r.images().size() + " reference images is sent: " + providerId + " takes "
                    + "one for " + p.model);
        }
        return out;
    }

    /** Reference images as the host takes them: a URL as it is, an image held here as a base64 data URL. */
    static List<String> references(List<ImageInput> images) {
        List<String> out = new ArrayList<>();
        images.forEach(i -> out.add(reference(i)));
        return out;
    }

    static String reference(ImageInput image) {
        return image.url().map(Object::toString).orElseGet(() -> WireClient.dataUrl(image));
    }
}
