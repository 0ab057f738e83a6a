package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imagegen batch status --coordinator URL [FILE.jsonl | --batch-id ID]}: the progress of a batch across all
 * its workers (done, running, failed, unknown, pending, the rate over the last minute, each worker); without a
 * file or id, every batch the coordinator knows.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Progress of a batch shared through a coordinator: done, running, failed, unknown, rate, "
                + "workers.")
final class BatchStatusCommand implements Callable<Integer> {

    @ParentCommand
    BatchCommand batch;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.jsonl",
            description = "The jobs file the batch was started with (names the batch as the workers do).")
    String file;

    @Mixin
    CoordinatorOptions coordinator = new CoordinatorOptions();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        Context ctx = batch.parent.ctx;
        if (coordinator.url == null) {
            throw new InvalidRequestException("coordinator", "batch status needs --coordinator redis://host:port/db");
        }
        try (BatchLedger ledger = BatchLedger.connect(coordinator.endpoint(ctx))) {
            List<String> ids = new ArrayList<>();
            if (coordinator.batchId != null) {
                ids.add(coordinator.batchIdChecked());
            } else if (file != null) {
                List<BatchFile.Item> items = BatchFile.read(ctx.cwd.resolve(file), batch.defaults);
                ids.add(BatchCommand.batchId(items));
            } else {
                ids.addAll(ledger.batches());
            }
            ArrayNode all = ResultPrinter.JSON.createArrayNode();
            for (String id : ids) {
                ObjectNode s = status(ledger, id);
                if (json) {
                    all.add(s);
                } else {
                    print(ctx, s);
                }
            }
            if (json) {
                ctx.out.println(file != null || coordinator.batchId != null ? all.get(0) : all);
            } else if (ids.isEmpty()) {
                ctx.out.println("no batch on " + ledger.describe());
            }
        }
        return ExitCodes.OK;
    }

    static ObjectNode status(BatchLedger ledger, String batchId) {
        Map<String, String> meta = ledger.meta(batchId);
        if (meta.isEmpty()) {
            throw new InvalidRequestException("batch-id", "the coordinator " + ledger.describe() + " has no batch "
                    + batchId + " (batches: " + String.join(", ", ledger.batches()) + ")");
        }
        int total = Integer.parseInt(meta.getOrDefault("jobs", "0"));
        Map<String, JsonNode> jobs = ledger.jobs(batchId);
        int done = 0;
        int running = 0;
        int failed = 0;
        int unknown = 0;
        int stalled = 0;
        Map<String, Integer> doneBy = new TreeMap<>();
        ArrayNode unknownIds = ResultPrinter.JSON.createArrayNode();
        for (Map.Entry<String, JsonNode> e : jobs.entrySet()) {
            JsonNode s = e.getValue();
            switch (s.path("status").asText()) {
                case "ok":
                    done++;
                    doneBy.merge(s.path("worker").asText("?"), 1, Integer::sum);
                    break;
                case "failed":
                    failed++;
                    break;
                case "unknown":
                    unknown++;
                    unknownIds.addObject().put("id", e.getKey()).put("worker", s.path("worker").asText("?"))
                            .put("reason", s.path("reason").asText(s.path("error").path("message").asText("")));
                    break;
                case "claimed":
                case "sending":
                    if (ledger.leaseAlive(batchId, e.getKey())) {
                        running++;
                    } else {
                        stalled++; // its worker stopped renewing; the next worker to look settles it
                    }
                    break;
                default:
                    break;
            }
        }
        long now = ledger.now();
        var lastMinute = ledger.finishedSince(batchId, now - 60_000);
        int imagesLastMinute = 0;
        for (var v : lastMinute) {
            imagesLastMinute += Math.max(1, jobs.getOrDefault(v.getValue(), ResultPrinter.JSON.createObjectNode())
                    .path("images").asInt(1));
        }
        var everything = ledger.finishedSince(batchId, 0);
        ObjectNode o = ResultPrinter.JSON.createObjectNode();
        o.put("batch", batchId);
        o.put("file", meta.getOrDefault("file", "?"));
        o.put("coordinator", ledger.describe());
        o.put("jobs", total);
        o.put("done", done);
        o.put("running", running);
        o.put("failed", failed);
        o.put("unknown", unknown);
        o.put("stalled", stalled);
        o.put("pending", Math.max(0, total - done - running - failed - unknown - stalled));
        o.put("jobsLastMinute", lastMinute.size());
        o.put("imagesPerMinute", imagesLastMinute);
        if (everything.size() >= 2) {
            double spanMin = (everything.get(everything.size() - 1).getScore() - everything.get(0).getScore()) / 60_000.0;
            o.put("jobsPerMinuteOverall", spanMin > 0 ? Math.round((everything.size() - 1) / spanMin * 10) / 10.0 : 0);
        }
        ArrayNode workers = o.putArray("workers");
        ledger.workers(batchId).forEach((name, info) -> workers.addObject().put("worker", name)
                .put("host", info.path("host").asText("?")).put("out", info.path("out").asText("?"))
                .put("alive", ledger.workerAlive(batchId, name)).put("done", doneBy.getOrDefault(name, 0)));
        o.set("unknownIds", unknownIds);
        return o;
    }

    private static void print(Context ctx, ObjectNode s) {
        ctx.out.println("batch " + s.path("batch").asText() + " (" + s.path("file").asText() + ") on "
                + s.path("coordinator").asText() + ": " + s.path("jobs").asInt() + " jobs");
        ctx.out.println(String.format(Locale.ROOT, "  done %d, running %d, failed %d, unknown %d, pending %d%s",
                s.path("done").asInt(), s.path("running").asInt(), s.path("failed").asInt(), s.path("unknown").asInt(),
                s.path("pending").asInt(), s.path("stalled").asInt() > 0 ? ", stalled " + s.path("stalled").asInt()
                        + " (their worker stopped renewing its lease)" : ""));
        ctx.out.println("  rate: " + s.path("imagesPerMinute").asInt() + " images/min over the last minute ("
                + s.path("jobsLastMinute").asInt() + " jobs)" + (s.has("jobsPerMinuteOverall") ? "; "
                        + s.path("jobsPerMinuteOverall").asDouble() + " jobs/min since the first finished" : ""));
        List<String> ws = new ArrayList<>();
        s.path("workers").forEach(w -> ws.add(w.path("worker").asText() + " (" + w.path("host").asText() + ", "
                + (w.path("alive").asBoolean() ? "alive" : "gone") + ", " + w.path("done").asInt() + " done, out "
                + w.path("out").asText() + ")"));
        if (!ws.isEmpty()) {
            ctx.out.println("  workers: " + String.join("; ", ws));
        }
        s.path("unknownIds").forEach(u -> ctx.out.println("  unknown " + u.path("id").asText() + " (worker "
                + u.path("worker").asText() + "): " + u.path("reason").asText()));
    }
}
