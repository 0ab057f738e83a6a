package dev.imagegen4j.cli;

import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.WireValue;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code imagegen models}: the model catalog. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models imagegen4j knows: operations, sizes, formats, deprecation.")
final class ModelsCommand implements Callable<Integer> {

    @ParentCommand
    ImagegenCli parent;

    @Override
    public Integer call() {
        for (Map.Entry<ModelId, ModelCapabilities> e : ModelCatalog.builtIn().entries().entrySet()) {
            ModelCapabilities c = e.getValue();
            StringBuilder ops = new StringBuilder(c.operations().stream()
                    .map(o -> o.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
            if (c.supportsMask()) {
                ops.append(", mask");
            }
            if (c.supportsStreaming()) {
                ops.append(", streaming");
            }
            parent.ctx.out.println(e.getKey());
            parent.ctx.out.println("  operations: " + ops + "; n up to " + c.maxN() + "; prompt up to "
                    + String.format(Locale.ROOT, "%,d", c.maxPromptLength()) + " characters");
            parent.ctx.out.println("  sizes:      " + c.sizeRule().describe());
            parent.ctx.out.println("  quality:    " + join(c.qualities()));
            parent.ctx.out.println("  formats:    " + (c.outputFormats().isEmpty() ? "png (fixed)" : join(c.outputFormats()))
                    + (c.backgrounds().isEmpty() ? "" : "; background " + join(c.backgrounds())));
            c.deprecation().ifPresent(d -> parent.ctx.out.println("  retired:    " + d));
            if (!c.supports(ImageOperation.EDIT)) {
                parent.ctx.out.println("  note:       no edits");
            }
        }
        return ExitCodes.OK;
    }

    private static String join(java.util.Set<? extends WireValue> values) {
        return values.stream().map(WireValue::wireValue).sorted().collect(Collectors.joining(", "));
    }
}
