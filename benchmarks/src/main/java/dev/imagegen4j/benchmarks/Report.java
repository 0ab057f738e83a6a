package dev.imagegen4j.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a results directory and writes its report: {@code DIR/report.md} (the verdict table, then every
 * table the verdicts come from), the verdict table on stdout, and as the last line of stdout
 * {@code perf: decode x.xx of loopback floor, alloc x.xx of openai-java, n=10 heap x.xx}. With
 * {@code --publish FILE} it also replaces the part of FILE (BENCHMARKS.md) between {@link #BEGIN} and
 * {@link #END} with the report.
 *
 * <p>Exit status: 0 when every target measured passed, 1 when any missed, 3 when none missed but some
 * are undecided (the spread straddles the bound: re-run with more rounds, on a quieter machine), 2 when
 * the directory holds nothing to judge.
 *
 * <p>Usage: {@code Report RESULTS_DIR [--publish BENCHMARKS.md]}.
 */
public final class Report {

    static final String BEGIN = "<!-- BEGIN GENERATED: benchmarks/run-*.sh (Report --publish); edit the text "
            + "outside these markers only -->";
    static final String END = "<!-- END GENERATED -->";

    private static final List<String> CLIENT_COLUMNS = List.of("imagegen4j-buffer", "imagegen4j-bytes",
            "imagegen4j-file", "openai-java", "openai-java-file", "langchain4j", "langchain4j-file");
    private static final List<String> FLOOR_COLUMNS = List.of("imagegen4j-buffer", "floor-base64", "floor-transfer",
            "floor-loopback", "floor-jdk-http");
    private static final Map<String, String> LABEL = new LinkedHashMap<>();

    static {
        LABEL.put("imagegen4j-buffer", "imagegen4j `byteBuffer()`");
        LABEL.put("imagegen4j-bytes", "imagegen4j `bytes()` (copy)");
        LABEL.put("imagegen4j-file", "imagegen4j to file");
        LABEL.put("imagegen4j", "imagegen4j");
        LABEL.put("imagegen4j-edit", "imagegen4j edit");
        LABEL.put("openai-java", "openai-java");
        LABEL.put("openai-java-file", "openai-java + `Files.write`");
        LABEL.put("openai-java-edit", "openai-java edit");
        LABEL.put("langchain4j", "LangChain4j");
        LABEL.put("langchain4j-file", "LangChain4j + `Files.write`");
        LABEL.put("floor-base64", "floor: `Base64` from array");
        LABEL.put("floor-transfer", "floor: raw transfer");
        LABEL.put("floor-loopback", "floor: loopback (transfer + `Base64`)");
        LABEL.put("floor-jdk-http", "`java.net.http` transfer only");
    }

    private static final double MIB = 1024.0 * 1024.0;

    private Report() {
    }

    /**
     * Entry point.
     *
     * @param args {@code RESULTS_DIR [--publish BENCHMARKS.md]}
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--publish"))) {
            System.err.println("usage: Report RESULTS_DIR [--publish BENCHMARKS.md]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Results r = Results.load(dir);
        List<Judge.Line> lines = Verdicts.of(r);
        String md = render(r, lines);
        Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
        if (args.length == 3) {
            Path target = Path.of(args[2]);
            Files.writeString(target, splice(Files.readString(target, StandardCharsets.UTF_8), md),
                    StandardCharsets.UTF_8);
            System.out.println("published the report into " + target);
        }
        System.out.println("report: " + dir.resolve("report.md"));
        System.out.println();
        System.out.print(verdictTable(lines));
        System.out.println(summary(lines));
        System.exit(exitCode(lines));
    }

    /** 0 all passed, 1 any missed, 3 none missed but some undecided, 2 nothing judged. */
    static int exitCode(List<Judge.Line> lines) {
        boolean judged = false;
        boolean undecided = false;
        for (Judge.Line l : lines) {
            if (l.verdict == Judge.Verdict.MISS) {
                return 1;
            }
            undecided |= l.verdict == Judge.Verdict.UNDECIDED;
            judged |= l.verdict != Judge.Verdict.NA;
        }
        return !judged ? 2 : undecided ? 3 : 0;
    }

    /**
     * {@code perf: decode x.xx of loopback floor, alloc x.xx of openai-java, n=10 heap x.xx}: the worst
     * (highest) median decode ratio and allocation ratio of the run, and the n=10 heap figure ({@code n/a}
     * for a figure the run did not measure).
     */
    static String summary(List<Judge.Line> lines) {
        double decode = Double.NaN;
        double alloc = Double.NaN;
        double heap10 = Double.NaN;
        for (Judge.Line l : lines) {
            if (l.spread == null) {
                continue;
            }
            if (l.id.equals("decode") && !(l.spread.median <= decode)) {
                decode = l.spread.median;
            } else if (l.id.equals("alloc-peer") && !(l.spread.median <= alloc)) {
                alloc = l.spread.median;
            } else if (l.id.equals("heap-bytes") && l.workload.startsWith("n10x")) {
                heap10 = l.measured.startsWith("<=") ? l.spread.max : l.spread.median;
            }
        }
        return "perf: decode " + num(decode) + " of loopback floor, alloc " + num(alloc) + " of openai-java, n=10 heap "
                + num(heap10);
    }

    private static String num(double d) {
        return Double.isNaN(d) ? "n/a" : Judge.f("%.2f", d);
    }

    /** The verdict table as Markdown with padded columns (readable in a terminal too). */
    static String verdictTable(List<Judge.Line> lines) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"target", "what", "workload", "measured", "bound", "verdict"});
        for (Judge.Line l : lines) {
            rows.add(new String[] {l.id, l.what, l.workload, l.measured, l.target, l.verdictText()});
        }
        int[] width = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder o = new StringBuilder();
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            o.append('|');
            for (int i = 0; i < row.length; i++) {
                o.append(' ').append(pad(row[i], width[i])).append(" |");
            }
            o.append('\n');
            if (k == 0) {
                o.append('|');
                for (int w : width) {
                    o.append(' ').append("-".repeat(w)).append(" |");
                }
                o.append('\n');
            }
        }
        return o.toString();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    /** {@code doc} with the text between the markers replaced by {@code generated}. */
    static String splice(String doc, String generated) {
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("the document has no '" + BEGIN + "' ... '" + END + "' block to "
                    + "replace");
        }
        return doc.substring(0, b + BEGIN.length()) + "\n\n" + generated.strip() + "\n\n" + doc.substring(e);
    }

    static String label(String client) {
        return LABEL.getOrDefault(client, client);
    }

    /** A failure cause shortened for a table cell (Jackson's string limit gets its own short form). */
    static String shortCause(String cause) {
        Matcher m = Pattern.compile("String value length \\((\\d+)\\)").matcher(cause);
        if (m.find()) {
            return "Jackson max string length 20,000,000 (" + m.group(1) + " read)";
        }
        return Judge.shorten(cause, 100);
    }

    // ---- the Markdown report -------------------------------------------------------------------------

    static String render(Results r, List<Judge.Line> lines) {
        StringBuilder o = new StringBuilder();
        o.append("### Verdicts\n\n").append(verdictTable(lines)).append('\n').append("`")
                .append(summary(lines)).append("`\n\n");
        o.append("### Machine and command\n\n```\n").append(r.machine).append("\n```\n\n");
        bodies(r, o);
        timeTable(r, o);
        floorTable(r, o);
        allocTable(r, o);
        HeapTables.heap(r, o);
        HeapTables.concurrency(r, o);
        HeapTables.upload(r, o);
        return o.toString();
    }

    private static void bodies(Results r, StringBuilder o) {
        if (r.bodies.isEmpty()) {
            return;
        }
        o.append("### Workloads (response bodies replayed by the bench server)\n\n");
        o.append("| workload | images | body bytes | decoded image bytes | what |\n|---|---:|---:|---:|---|\n");
        for (Map.Entry<String, long[]> e : r.bodies.entrySet()) {
            String w = e.getKey();
            String what = w.matches("\\d+x\\d+") ? "real PNG rendered by the emulator (gpt-image-2, " + w + ")"
                    : "the emulator's synthetic payload: pseudo-random bytes";
            o.append(Judge.f("| %s | %d | %d | %d | %s |%n", w, e.getValue()[2], e.getValue()[0], e.getValue()[1], what));
        }
        o.append('\n');
    }

    private static List<String> present(Results r, List<String> columns, List<String> workloads) {
        List<String> p = new ArrayList<>();
        for (String c : columns) {
            for (String w : workloads) {
                if (r.forks.containsKey(c + "|" + w)) {
                    p.add(c);
                    break;
                }
            }
        }
        return p;
    }

    private static void header(StringBuilder o, List<String> clients, String last) {
        o.append("| workload");
        clients.forEach(c -> o.append(" | ").append(label(c)));
        o.append(" | ").append(last).append(" |\n|---");
        for (int i = 0; i <= clients.size(); i++) {
            o.append("|---:");
        }
        o.append("|\n");
    }

    /** A cell of per-fork figures: median, spread over forks, and a second line. */
    private static String cell(Results r, String client, String w, Judge.Spread s, String fmt, String second) {
        if (s == null) {
            String f = r.failure(client, w);
            return f != null ? "fails: " + shortCause(f) : "—";
        }
        String main = s.count == 1 ? Judge.f(fmt + " (1 fork)", s.median)
                : Judge.f(fmt + " (" + fmt + "-" + fmt + ")", s.median, s.min, s.max);
        return main + (second == null ? "" : "<br>_" + second + "_");
    }

    private static String ratioCell(Judge.Spread s) {
        return s == null ? "—" : Judge.describe(s, "x", "rounds");
    }

    private static void timeTable(Results r, StringBuilder o) {
        List<String> workloads = r.jmhWorkloads();
        List<String> clients = present(r, CLIENT_COLUMNS, workloads);
        if (clients.isEmpty()) {
            return;
        }
        o.append("### Time per operation (ms/op: median of forks (min-max); MB/s of decoded image)\n\n");
        header(o, clients, "ours / best peer, per round");
        for (String w : workloads) {
            o.append("| ").append(w);
            for (String c : clients) {
                Judge.Spread s = r.time(c, w);
                o.append(" | ").append(cell(r, c, w, s, "%.2f", s == null ? null
                        : Judge.f("%.0f MB/s", r.decoded(w) / 1e3 / s.median)));
            }
            o.append(" | ").append(ratioCell(r.pairedRatio(Targets.OURS, List.of(Targets.PEERS), w, f -> f.ms)))
                    .append(" |\n");
        }
        o.append('\n');
    }

    private static void floorTable(Results r, StringBuilder o) {
        List<String> workloads = new ArrayList<>();
        for (String w : r.jmhWorkloads()) {
            if (r.forks.containsKey("floor-loopback|" + w) || r.forks.containsKey("floor-base64|" + w)
                    || r.forks.containsKey("floor-transfer|" + w) || r.forks.containsKey("floor-jdk-http|" + w)) {
                workloads.add(w);
            }
        }
        if (workloads.isEmpty()) {
            return;
        }
        List<String> clients = present(r, FLOOR_COLUMNS, workloads);
        o.append("### Against the floors (ms/op: median of forks (min-max); MB/s of decoded image)\n\n");
        header(o, clients, "ours / loopback floor, per round");
        for (String w : workloads) {
            o.append("| ").append(w);
            for (String c : clients) {
                Judge.Spread s = r.time(c, w);
                o.append(" | ").append(cell(r, c, w, s, "%.2f", s == null ? null
                        : Judge.f("%.0f MB/s", r.decoded(w) / 1e3 / s.median)));
            }
            o.append(" | ").append(ratioCell(r.pairedRatio(Targets.OURS, List.of("floor-loopback"), w, f -> f.ms)))
                    .append(" |\n");
        }
        o.append('\n');
    }

    private static void allocTable(Results r, StringBuilder o) {
        List<String> workloads = r.jmhWorkloads();
        List<String> clients = present(r, CLIENT_COLUMNS, workloads);
        clients.addAll(present(r, List.of("floor-base64", "floor-transfer", "floor-loopback", "floor-jdk-http"),
                workloads));
        if (clients.isEmpty()) {
            return;
        }
        o.append("### Allocation per operation (`gc.alloc.rate.norm` / decoded image bytes: median of forks; "
                + "MiB/op)\n\n");
        header(o, clients, "ours / openai-java, per round");
        for (String w : workloads) {
            o.append("| ").append(w);
            for (String c : clients) {
                Judge.Spread s = r.alloc(c, w);
                o.append(" | ").append(s == null ? cell(r, c, w, null, "", null)
                        : Judge.f("%.2fx<br>_%.2f MiB_", s.median / r.decoded(w), s.median / MIB));
            }
            o.append(" | ").append(ratioCell(r.pairedRatio(Targets.OURS, List.of("openai-java"), w,
                    f -> f.allocBytes))).append(" |\n");
        }
        o.append('\n');
    }
}
