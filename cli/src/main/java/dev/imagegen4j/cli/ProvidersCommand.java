package dev.imagegen4j.cli;

import dev.imagegen4j.ImageGenerators;
import dev.imagegen4j.config.ImageGenConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code imagegen providers}: installed providers and the configured generators. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = "List installed providers and the generators and routes of the configuration.")
final class ProvidersCommand implements Callable<Integer> {

    @ParentCommand
    ImagegenCli parent;

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: the usual places).")
    String config;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Context ctx = parent.ctx;
        if (json) {
            return printJson(ctx);
        }
        ctx.out.println("installed providers:");
        ImageGenerators.installed().forEach((id, p) -> ctx.out.println("  " + id + "  (" + p.getClass().getName() + ")"));
        ctx.out.println("  emulator  (built-in, offline; --provider emulator)");
        Optional<Path> file = config != null ? Optional.of(ctx.cwd.resolve(config))
                : ImageGenConfig.defaultLocation(ctx.env, ctx.cwd);
        if (file.isEmpty()) {
            ctx.out.println("no configuration file (set " + ImageGenConfig.ENV_VAR + ", or create ./imagegen4j.yaml)");
            String key = ctx.env.get("OPENAI_API_KEY");
            ctx.out.println("without one, imagegen uses " + (key == null ? "the built-in emulator"
                    : key.isBlank() ? "nothing: OPENAI_API_KEY is set but empty (set it, or unset it for the emulator)"
                    : "openai (OPENAI_API_KEY is set)"));
            ctx.out.println("--provider ID without that vendor's key variable uses the emulator's endpoint for it");
            return ExitCodes.OK;
        }
        ImageGenConfig c = ImageGenConfig.load(file.get(), ctx.env);
        ctx.out.println("configuration " + file.get() + " (default: " + c.defaultName() + "):");
        for (String g : c.generatorNames()) {
            java.util.List<String> unresolved = c.unresolved(g);
            ctx.out.println("  generator " + g + "  provider " + c.providerOf(g).orElse("?")
                    + (unresolved.isEmpty() ? "" : "  (cannot open yet: " + unresolved.get(0) + ")"));
        }
        for (String r : c.routeNames()) {
            ctx.out.println("  route " + r);
        }
        return ExitCodes.OK;
    }

    private int printJson(Context ctx) {
        com.fasterxml.jackson.databind.node.ObjectNode o = ResultPrinter.JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode providers = o.putObject("providers");
        ImageGenerators.installed().forEach((id, p) -> providers.put(id, p.getClass().getName()));
        providers.put("emulator", "built-in");
        Optional<Path> file = config != null ? Optional.of(ctx.cwd.resolve(config))
                : ImageGenConfig.defaultLocation(ctx.env, ctx.cwd);
        if (file.isPresent()) {
            ImageGenConfig c = ImageGenConfig.load(file.get(), ctx.env);
            com.fasterxml.jackson.databind.node.ObjectNode cfg = o.putObject("configuration");
            cfg.put("file", file.get().toString());
            cfg.put("default", c.defaultName());
            com.fasterxml.jackson.databind.node.ObjectNode gens = cfg.putObject("generators");
            for (String g : c.generatorNames()) {
                com.fasterxml.jackson.databind.node.ObjectNode n = gens.putObject(g);
                n.put("provider", c.providerOf(g).orElse(null));
                c.unresolved(g).stream().findFirst().ifPresent(u -> n.put("cannotOpen", u));
            }
            com.fasterxml.jackson.databind.node.ArrayNode routes = cfg.putArray("routes");
            c.routeNames().forEach(routes::add);
        }
        ctx.out.println(o);
        return ExitCodes.OK;
    }
}
