package dev.imagegen4j.benchmarks;

import java.util.Map;

/** The report's tables of the forked-JVM measurements: peak heap, concurrency, uploads. */
final class HeapTables {

    private HeapTables() {
    }

    static void heap(Results r, StringBuilder o) {
        if (r.heap.isEmpty()) {
            return;
        }
        o.append("### Peak heap: the smallest `-Xmx` at which each client completes each workload\n\n");
        o.append("| client | workload | decoded bytes | smallest -Xmx that passed (MiB) | largest that failed (MiB) "
                + "| net of the client's `tiny` baseline (MiB) | net / decoded | search |\n"
                + "|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Map.Entry<String, Results.Heap> e : r.heap.entrySet()) {
            String client = e.getKey().substring(0, e.getKey().indexOf(':'));
            String w = e.getKey().substring(e.getKey().indexOf(':') + 1);
            Results.Heap h = e.getValue();
            o.append("| ").append(Report.label(client)).append(" | ").append(w).append(" | ").append(h.decoded)
                    .append(" | ");
            if (!h.ok()) {
                o.append(h.status).append(": ").append(Report.shortCause(h.cause)).append(" | | | | ")
                        .append(h.search).append(" |\n");
                continue;
            }
            o.append(Judge.f("%.2f | %.2f | ", h.passKiB / 1024.0, h.failKiB / 1024.0));
            Judge.Spread net = w.equals("tiny") ? null : r.heapNetKiB(client, w);
            if (net == null) {
                o.append(" | | ").append(h.search).append(" |\n");
                continue;
            }
            Results.Heap base = r.heap.get(Targets.baselineOf(client) + ":tiny");
            if (h.search.startsWith("coarse") && h.failKiB <= base.failKiB) { // passed at once: an upper bound only
                o.append(Judge.f("<= %.2f | <= %.3fx | %s |%n", net.max / 1024, net.max * 1024 / h.decoded, h.search));
                continue;
            }
            o.append(Judge.f("%.2f (%.2f-%.2f) | %.3fx (%.3f-%.3f) | %s |%n", net.median / 1024, net.min / 1024,
                    net.max / 1024, net.median * 1024 / h.decoded, net.min * 1024 / h.decoded,
                    net.max * 1024 / h.decoded, h.search));
        }
        o.append('\n');
    }

    static void concurrency(Results r, StringBuilder o) {
        if (r.concurrency.isEmpty()) {
            return;
        }
        o.append("### Concurrency: N generations in flight, server latency each, 1024x1024 response, every "
                + "decoded image kept until all are done\n\n");
        o.append("| client | n | latency (ms) | completed | failed | wall time (s) | threads: before / while waiting"
                + " / peak | peak heap used, sampled (MiB) | status / cause |\n"
                + "|---|---:|---:|---:|---:|---:|---|---:|---|\n");
        for (Map.Entry<String, Map<String, String>> e : r.concurrency.entrySet()) {
            Map<String, String> c = e.getValue();
            long wall = Long.parseLong(c.getOrDefault("wallMs", "0"));
            o.append(Judge.f("| %s | %s | %s | %s | %s | %.1f | %s / %s / %s | %s | %s |%n", Report.label(e.getKey()),
                    c.get("n"), c.get("latency_ms"), c.getOrDefault("completed", ""), c.getOrDefault("failed", ""),
                    wall / 1000.0, c.getOrDefault("threadsBefore", ""), c.getOrDefault("waitingThreads", ""),
                    c.getOrDefault("peakThreads", ""), c.getOrDefault("peakHeapSampledMiB", ""),
                    c.getOrDefault("status", "") + (c.getOrDefault("cause", "").isEmpty() ? ""
                            : ": " + Report.shortCause(c.get("cause")))));
        }
        o.append('\n');
    }

    static void upload(Results r, StringBuilder o) {
        if (r.uploads.isEmpty()) {
            return;
        }
        o.append("### Edit upload (multipart, reference images from files)\n\n");
        o.append("| client | images x MB | time per edit (ms, each run) | result |\n|---|---|---|---|\n");
        for (Map<String, String> row : r.uploads) {
            Map<String, String> res = Runner.parse(row.get("result").replace("'", "\""));
            o.append("| ").append(Report.label(row.get("client"))).append(" | ").append(row.get("count")).append(" x ")
                    .append(row.get("mb_each")).append(" | ").append(res.getOrDefault("ms", "")).append(" | ")
                    .append(res.getOrDefault("status", ""))
                    .append(res.getOrDefault("cause", "").isEmpty() ? "" : ": " + Report.shortCause(res.get("cause")))
                    .append(" |\n");
        }
        o.append("| LangChain4j | | n/a | `OpenAiImageModel.edit` takes one image (and a mask): a 16-image edit "
                + "cannot be expressed |\n\n");
    }
}
