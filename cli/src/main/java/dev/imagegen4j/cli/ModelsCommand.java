package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.Lifecycle;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OptionRule;
import dev.imagegen4j.config.ConfigException;
import dev.imagegen4j.config.ImageGenConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imagegen models}: the model catalog (the built-in data file plus a configuration file's {@code models:}),
 * as text or JSON; {@code --check FILE} checks a catalog file and names the line of each problem.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models imagegen4j knows: operations, sizes, options, lifecycle; or check a catalog file.")
final class ModelsCommand implements Callable<Integer> {

    @ParentCommand
    ImagegenCli parent;

    @Option(names = "--json", description = "Print the catalog as one JSON object.")
    boolean json;

    @Option(names = "--check", paramLabel = "FILE",
            description = "Check a catalog file (the catalog schema, or a configuration file's models: section).")
    String check;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Include the models: section of this configuration file (default: the configuration found "
                    + "at the usual places, if any).")
    String config;

    @Override
    public Integer call() {
        Context ctx = parent.ctx;
        ModelCatalog catalog;
        String source;
        if (check != null) {
            Path file = ctx.cwd.resolve(check);
            try {
                catalog = ModelCatalog.load(file);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage(), e);
            }
            long added = catalog.entries().keySet().stream()
                    .filter(id -> !ModelCatalog.builtIn().entries().containsKey(id)).count();
            String summary = file.getFileName() + ": ok (" + catalog.entries().size() + " models, " + added
                    + " not in the built-in catalog)";
            if (json) {
                ObjectNode o = render(catalog);
                o.put("checked", file.toString());
                ctx.out.println(o);
            } else {
                ctx.out.println(summary);
            }
            return ExitCodes.OK;
        }
        Optional<Path> file = config != null ? Optional.of(ctx.cwd.resolve(config))
                : ImageGenConfig.defaultLocation(ctx.env, ctx.cwd);
        if (file.isPresent()) {
            catalog = ImageGenConfig.load(file.get(), ctx.env).catalog();
            source = "built-in catalog " + ModelCatalog.builtIn().version() + " + " + file.get().getFileName();
        } else {
            catalog = ModelCatalog.builtIn();
            source = "built-in catalog " + catalog.version();
        }
        if (json) {
            ctx.out.println(render(catalog));
            return ExitCodes.OK;
        }
        ctx.out.println(source + "; default model " + catalog.defaultModel());
        Map<ModelId, List<ModelId>> snapshots = catalog.snapshots().entrySet().stream().collect(
                Collectors.groupingBy(Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        for (Map.Entry<ModelId, ModelCapabilities> e : catalog.entries().entrySet()) {
            ModelCapabilities c = e.getValue();
            ctx.out.println();
            ctx.out.println(e.getKey() + (e.getKey().equals(catalog.defaultModel()) ? "  (default)" : ""));
            ctx.out.println("  operations: " + operations(c) + "; n up to " + c.maxN() + "; prompt up to "
                    + String.format(Locale.ROOT, "%,d", c.maxPromptLength()) + " characters");
            ctx.out.println("  sizes:      " + c.sizeRule().describe());
            c.options().forEach((name, rule) -> ctx.out.println(String.format(Locale.ROOT, "  %-11s %s", name + ":",
                    rule.describe())));
            if (c.outputFormats().isEmpty()) {
                ctx.out.println("  output:     png (fixed)");
            }
            c.formatRules().forEach((format, rule) -> ctx.out.println("  " + format + " output: " + formatRule(rule)));
            if (!c.lifecycle().isEmpty()) {
                ctx.out.println("  lifecycle:  " + c.lifecycle().describe());
            }
            List<ModelId> snaps = snapshots.get(e.getKey());
            if (snaps != null) {
                ctx.out.println("  snapshots:  " + snaps.stream().map(ModelId::value).collect(Collectors.joining(", ")));
            }
            catalog.prices().prices(e.getKey()).ifPresent(p -> ctx.out.println("  prices:     USD per 1M tokens: "
                    + "text in " + p.textInput().toPlainString() + ", image in " + p.imageInput().toPlainString()
                    + ", image out " + p.imageOutput().toPlainString()));
        }
        return ExitCodes.OK;
    }

    private static String operations(ModelCapabilities c) {
        StringBuilder ops = new StringBuilder(c.operations().stream()
                .map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        if (c.supportsMask()) {
            ops.append(", mask");
        }
        if (c.supportsMarkup()) {
            ops.append(", markup");
        }
        if (c.supportsStreaming()) {
            ops.append(", streaming");
        }
        if (c.supportsImageReferences()) {
            ops.append(", image references");
        }
        return ops.toString();
    }

    private static String formatRule(ModelCapabilities.FormatRule r) {
        StringBuilder b = new StringBuilder();
        if (r.operations() != null) {
            b.append(r.operations().stream().map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("/")))
                    .append(" only; ");
        }
        if (r.maxN() != null) {
            b.append("n up to ").append(r.maxN()).append("; ");
        }
        if (Boolean.FALSE.equals(r.streaming())) {
            b.append("no streaming; ");
        }
        if (Boolean.FALSE.equals(r.mask())) {
            b.append("no mask; ");
        }
        if (!r.ignored().isEmpty()) {
            b.append("ignores ").append(String.join(", ", r.ignored())).append("; ");
        }
        return b.length() == 0 ? "as the model" : b.substring(0, b.length() - 2);
    }

    private static ObjectNode render(ModelCatalog catalog) {
        ObjectNode o = ResultPrinter.JSON.createObjectNode();
        o.put("catalogVersion", catalog.version());
        o.put("defaultModel", catalog.defaultModel().value());
        ObjectNode models = o.putObject("models");
        catalog.entries().forEach((id, c) -> {
            ObjectNode m = models.putObject(id.value());
            m.put("family", c.family());
            ArrayNode ops = m.putArray("operations");
            c.operations().forEach(op -> ops.add(op.name().toLowerCase(Locale.ROOT)));
            m.put("mask", c.supportsMask());
            m.put("markup", c.supportsMarkup());
            m.put("streaming", c.supportsStreaming());
            m.put("imageReferences", c.supportsImageReferences());
            m.put("maxN", c.maxN());
            m.put("maxPromptLength", c.maxPromptLength());
            m.put("sizes", c.sizeRule().describe());
            ObjectNode options = m.putObject("options");
            c.options().forEach((name, rule) -> options.set(name, rule(rule)));
            ObjectNode formats = m.putObject("formats");
            c.formatRules().forEach((f, r) -> formats.put(f, formatRule(r)));
            m.set("lifecycle", lifecycle(c.lifecycle()));
            ArrayNode snaps = m.putArray("snapshots");
            catalog.snapshots().forEach((s, of) -> {
                if (of.equals(id)) {
                    snaps.add(s.value());
                }
            });
            catalog.prices().prices(id).ifPresent(p -> {
                ObjectNode pr = m.putObject("prices");
                pr.put("textInput", p.textInput());
                pr.put("imageInput", p.imageInput());
                pr.put("imageOutput", p.imageOutput());
                pr.put("textOutput", p.textOutput());
            });
        });
        return o;
    }

    private static ObjectNode rule(OptionRule r) {
        ObjectNode n = ResultPrinter.JSON.createObjectNode();
        r.values().ifPresent(vs -> {
            ArrayNode a = n.putArray("values");
            vs.forEach(a::add);
        });
        r.min().ifPresent(v -> n.put("min", v));
        r.max().ifPresent(v -> n.put("max", v));
        if (r.takesAnyValue()) {
            n.put("any", true);
        }
        r.defaultValue().ifPresent(v -> n.put("default", v));
        if (!r.onlyWith().isEmpty()) {
            ObjectNode ow = n.putObject("onlyWith");
            r.onlyWith().forEach((k, vs) -> {
                ArrayNode a = ow.putArray(k);
                vs.forEach(a::add);
            });
        }
        return n;
    }

    private static ObjectNode lifecycle(Lifecycle l) {
        ObjectNode n = ResultPrinter.JSON.createObjectNode();
        l.released().ifPresent(d -> n.put("released", d.toString()));
        l.deprecated().ifPresent(d -> n.put("deprecated", d.toString()));
        if (!l.shutdowns().isEmpty()) {
            ObjectNode s = n.putObject("shutdown");
            l.shutdowns().forEach((p, d) -> s.put(p, d.toString()));
        }
        l.successor().ifPresent(m -> n.put("successor", m.value()));
        l.source().ifPresent(src -> n.put("source", src));
        return n;
    }
}
