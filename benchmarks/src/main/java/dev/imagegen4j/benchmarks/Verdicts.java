package dev.imagegen4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes every target's verdict ({@link Targets}) from a run's {@link Results}, one {@link Judge.Line}
 * per target and workload, in the order of BENCHMARKS.md's target list. A target whose figure was not
 * measured in this run has no line; one that applies but whose client failed is a MISS; one that cannot
 * apply (every peer fails the workload) is n/a.
 */
final class Verdicts {

    private final Results r;
    private final List<Judge.Line> lines = new ArrayList<>();

    private Verdicts(Results r) {
        this.r = r;
    }

    static List<Judge.Line> of(Results r) {
        Verdicts v = new Verdicts(r);
        v.time();
        v.decode();
        v.allocPeer();
        v.allocAbsolute();
        v.heap();
        v.cliff();
        v.threads();
        return v.lines;
    }

    private static final String ROUNDS = "rounds";
    private static final String FORKS = "forks";

    private void time() {
        for (String w : r.jmhWorkloads()) {
            if (r.forks.get(Targets.OURS + "|" + w) == null) {
                continue;
            }
            String what = "time vs best peer";
            String target = Judge.f("<= %.2fx", Targets.TIME_VS_BEST_PEER);
            String ours = r.failure(Targets.OURS, w);
            if (ours != null && r.ok(Targets.OURS, w).isEmpty()) {
                lines.add(Judge.failed("time", what, w, target, ours));
                continue;
            }
            Judge.Spread s = r.pairedRatio(Targets.OURS, List.of(Targets.PEERS), w, f -> f.ms);
            if (s == null) {
                lines.add(Judge.notApplicable("time", what, w, target, peersFailing(w)));
                continue;
            }
            lines.add(Judge.ratio("time", what, w, s, Targets.TIME_VS_BEST_PEER, ROUNDS));
        }
    }

    private void decode() {
        for (String w : r.jmhWorkloads()) {
            if (!Targets.large(r.decoded(w), r.images(w)) || r.forks.get(Targets.OURS + "|" + w) == null) {
                continue;
            }
            String what = "decode vs loopback floor";
            String target = Judge.f("<= %.2fx", Targets.DECODE_VS_LOOPBACK_FLOOR);
            String ours = r.failure(Targets.OURS, w);
            if (ours != null && r.ok(Targets.OURS, w).isEmpty()) {
                lines.add(Judge.failed("decode", what, w, target, ours));
                continue;
            }
            Judge.Spread s = r.pairedRatio(Targets.OURS, List.of("floor-loopback"), w, f -> f.ms);
            if (s != null) {
                lines.add(Judge.ratio("decode", what, w, s, Targets.DECODE_VS_LOOPBACK_FLOOR, ROUNDS));
            }
        }
    }

    private void allocPeer() {
        for (String w : r.jmhWorkloads()) {
            if (r.ok(Targets.OURS, w).isEmpty() || r.forks.get("openai-java|" + w) == null) {
                continue;
            }
            String what = "alloc vs openai-java";
            Judge.Spread s = r.pairedRatio(Targets.OURS, List.of("openai-java"), w, f -> f.allocBytes);
            if (s == null) {
                String why = r.failure("openai-java", w);
                lines.add(Judge.notApplicable("alloc-peer", what, w, Judge.f("<= %.2fx", Targets.ALLOC_VS_OPENAI_JAVA),
                        why == null ? "no paired round" : "openai-java fails: " + Report.shortCause(why)));
                continue;
            }
            lines.add(Judge.ratio("alloc-peer", what, w, s, Targets.ALLOC_VS_OPENAI_JAVA, ROUNDS));
        }
    }

    private void allocAbsolute() {
        for (String w : r.jmhWorkloads()) {
            boolean small = w.equals(Targets.SMALL);
            boolean large = Targets.large(r.decoded(w), r.images(w));
            if (!(small || large) || r.forks.get(Targets.OURS + "|" + w) == null) {
                continue;
            }
            String id = small ? "alloc-small" : "alloc-image";
            double bound = small ? Targets.ALLOC_SMALL : Targets.ALLOC_LARGE;
            String what = "alloc / decoded bytes";
            Judge.Spread s = r.alloc(Targets.OURS, w);
            if (s == null) {
                lines.add(Judge.failed(id, what, w, Judge.f("<= %.2fx", bound),
                        String.valueOf(r.failure(Targets.OURS, w))));
                continue;
            }
            lines.add(Judge.ratio(id, what, w, s.times(1.0 / r.decoded(w)), bound, FORKS));
        }
    }

    private void heap() {
        for (Map.Entry<String, Results.Heap> e : r.heap.entrySet()) {
            String client = e.getKey().substring(0, e.getKey().indexOf(':'));
            String w = e.getKey().substring(e.getKey().indexOf(':') + 1);
            Results.Heap h = e.getValue();
            long boundKiB = Targets.heapBoundKiB(client, w, h.decoded);
            if (boundKiB < 0) {
                continue;
            }
            String id;
            String what;
            boolean ratio = true;
            if (client.equals("imagegen4j-edit")) {
                id = "upload-heap";
                what = "heap of an edit upload";
                ratio = false;
            } else if (client.equals("imagegen4j-file")) {
                id = "heap-file";
                what = "heap streaming to files";
                ratio = false;
            } else if (Workloads.concurrency(w) > 0) {
                id = "heap-concurrent";
                what = "heap / decoded bytes held";
            } else {
                id = "heap-bytes";
                what = "heap / decoded bytes";
            }
            String target = ratio ? Judge.f("<= %.2fx", Targets.HEAP_BYTES) : Judge.f("<= %.2f MiB", boundKiB / 1024.0);
            if (!h.ok()) {
                lines.add(Judge.failed(id, what, w, target, h.status + ": " + h.cause));
                continue;
            }
            Judge.Spread net = r.heapNetKiB(client, w);
            if (net == null) {
                lines.add(Judge.notApplicable(id, what, w, target, "no baseline (" + Targets.baselineOf(client)
                        + ":tiny) in heap.csv"));
                continue;
            }
            Judge.Line line = ratio
                    ? Judge.ratio(id, what, w, net.times(1024.0 / h.decoded), Targets.HEAP_BYTES, null)
                    : Judge.mib(id, what, w, net.times(1 / 1024.0), boundKiB / 1024.0, null);
            if (h.search.startsWith("coarse") && h.failKiB <= r.heap.get(Targets.baselineOf(client) + ":tiny").failKiB) {
                // an aimed search that passed at the bound: only the upper bound is known
                String upper = ratio ? Judge.f("<= %.2fx", net.max * 1024.0 / h.decoded)
                        : Judge.f("<= %.2f MiB", net.max / 1024.0);
                line = new Judge.Line(line.id, line.what, line.workload, upper + " (passed at the bound)",
                        line.target, line.verdict, line.detail, line.spread);
            }
            lines.add(line);
        }
    }

    private void cliff() {
        String what = "no size cliff: decodes";
        String target = "completes";
        for (String client : List.of(Targets.OURS, "imagegen4j-file")) {
            Results.Heap h = r.heap.get(client + ":" + Targets.CLIFF);
            List<Results.Fork> forks = r.forks.getOrDefault(client + "|" + Targets.CLIFF, List.of());
            if (h == null && forks.isEmpty()) {
                continue;
            }
            String failure = r.failure(client, Targets.CLIFF);
            if (failure != null || (h != null && !h.ok())) {
                lines.add(Judge.failed("size-cliff", what, Targets.CLIFF + " " + Report.label(client), target,
                        failure != null ? failure : h.status + ": " + h.cause));
            } else {
                String how = h != null ? Judge.f("completes (min -Xmx %.1f MiB)", h.passKiB / 1024.0) : "completes";
                lines.add(new Judge.Line("size-cliff", what, Targets.CLIFF + " " + Report.label(client), how, target,
                        Judge.Verdict.PASS, ""));
            }
        }
    }

    private void threads() {
        Map<String, String> c = r.concurrency.get("imagegen4j");
        if (c == null) {
            return;
        }
        int n = Integer.parseInt(c.get("n"));
        int limit = n / Targets.WAITING_REQUESTS_PER_THREAD;
        String target = Judge.f("+< %d threads, all complete", limit);
        String what = "threads while requests wait";
        if (!c.containsKey("waitingThreads")) {
            lines.add(Judge.failed("threads", what, "concurrent" + n, target, c.getOrDefault("status", "")
                    + ": " + c.getOrDefault("cause", "")));
            return;
        }
        int growth = Integer.parseInt(c.get("waitingThreads")) - Integer.parseInt(c.get("threadsBefore"));
        int completed = Integer.parseInt(c.getOrDefault("completed", "0"));
        String measured = Judge.f("+%d threads; %d/%d completed in %.1f s", growth, completed, n,
                Long.parseLong(c.getOrDefault("wallMs", "0")) / 1000.0);
        Judge.Verdict v = growth < limit && completed == n ? Judge.Verdict.PASS : Judge.Verdict.MISS;
        String detail = v == Judge.Verdict.PASS ? "" : completed < n ? Judge.f("(%d of %d failed: %s)", n - completed, n,
                Report.shortCause(c.getOrDefault("cause", ""))) : Judge.f("by %d threads", growth - limit + 1);
        lines.add(new Judge.Line("threads", what, "concurrent" + n, measured, target, v, detail));
    }

    private String peersFailing(String w) {
        List<String> why = new ArrayList<>();
        for (String p : Targets.PEERS) {
            String f = r.failure(p, w);
            why.add(p + (f == null ? " not run" : " fails: " + Report.shortCause(f)));
        }
        return String.join("; ", why);
    }
}
