package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.Cost;
import dev.imagegen4j.DryRun;
import dev.imagegen4j.ImageRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Prints what {@code --dry-run} found: each job's requests as the provider would receive them, and the cost. */
final class DryRunPrinter {

    /** One job's dry run: its batch id (null for generate/edit), request, result and first output file. */
    record Job(String id, ImageRequest request, DryRun dryRun, Path output) {
    }

    private DryRunPrinter() {
    }

    static void print(Context ctx, GeneratorChoice choice, List<Job> jobs, boolean json) {
        BigDecimal total = BigDecimal.ZERO;
        boolean allPriced = true;
        for (Job j : jobs) {
            Optional<Cost> c = j.dryRun().estimatedCost().filter(x -> x.currency().equals("USD"));
            if (c.isPresent()) {
                total = total.add(c.get().amount());
            } else {
                allPriced = false;
            }
        }
        if (json) {
            ObjectNode o = ResultPrinter.JSON.createObjectNode();
            o.put("dryRun", true);
            o.put("generator", choice.description);
            ArrayNode arr = o.putArray("jobs");
            for (Job j : jobs) {
                ObjectNode n = arr.addObject();
                if (j.id() != null) {
                    n.put("id", j.id());
                }
                n.put("output", j.output() == null ? null : j.output().toString());
                ArrayNode reqs = n.putArray("requests");
                for (DryRun.Request r : j.dryRun().requests()) {
                    ObjectNode q = reqs.addObject();
                    q.put("provider", r.provider());
                    q.put("method", r.method());
                    q.put("url", r.url().toString());
                    ObjectNode h = q.putObject("headers");
                    r.headers().forEach(h::put);
                    q.put("body", r.body());
                }
                ArrayNode w = n.putArray("warnings");
                j.dryRun().warnings().forEach(w::add);
                ArrayNode notes = n.putArray("notes");
                j.dryRun().notes().forEach(notes::add);
                j.dryRun().estimatedCost().ifPresent(c -> {
                    ObjectNode co = n.putObject("estimatedCost");
                    co.put("amount", c.amount());
                    co.put("currency", c.currency());
                });
            }
            o.put("estimatedCostUsd", allPriced ? total.stripTrailingZeros().toPlainString() : null);
            ctx.out.println(o);
            return;
        }
        ctx.out.println("dry run through " + choice.description + ": nothing is sent, nothing is written");
        for (Job j : jobs) {
            ctx.out.println();
            if (j.id() != null) {
                ctx.out.println("job " + j.id() + (j.output() == null ? "" : " -> " + j.output()));
            } else if (j.output() != null) {
                ctx.out.println("would save " + j.output());
            }
            for (DryRun.Request r : j.dryRun().requests()) {
                ctx.out.println(r.method() + " " + r.url() + "   [" + r.provider() + "]");
                r.headers().forEach((k, v) -> ctx.out.println(k + ": " + v));
                ctx.out.println();
                ctx.out.println(r.body().stripTrailing());
                ctx.out.println();
            }
            j.dryRun().notes().forEach(n -> ctx.out.println("note: " + n));
            j.dryRun().warnings().forEach(w -> ctx.out.println("warning: " + w));
            ctx.out.println("estimated cost: " + j.dryRun().estimatedCost().map(DryRunPrinter::cost)
                    .orElse("unknown (no list prices for this model)"));
        }
        if (jobs.size() > 1) {
            ctx.out.println();
            ctx.out.println(String.format(Locale.ROOT, "%d jobs; estimated cost %s", jobs.size(),
                    allPriced ? "~" + total.stripTrailingZeros().toPlainString() + " USD"
                            : "unknown for some jobs (~" + total.stripTrailingZeros().toPlainString()
                            + " USD for the rest)"));
        }
        if (choice.description.equals("emulator")) {
            ctx.out.println("(the estimate is what the real vendor would charge at its list prices; the emulator "
                    + "charges nothing)");
        }
    }

    private static String cost(Cost c) {
        return "~" + c.amount().stripTrailingZeros().toPlainString() + " " + c.currency()
                + " (list prices, expected usage)";
    }
}
