package dev.imagegen4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Verdicts} and {@link Report} on synthetic results directories written as {@link Runner} writes them. */
class ReportTest {

    @TempDir
    Path dir;

    @BeforeEach
    void bodies() throws IOException {
        Files.write(dir.resolve("server.txt"), List.of(
                "BODY tiny 1685 1024 1:1024:aa",
                "BODY 1024x1024 104257 77953 1:77953:bb",
                "BODY 12MiB 16777533 12582912 1:12582912:cc",
                "BODY n10x1MiB 13981000 10485760 10:10485760:dd",
                "BODY n4x4MiB 22369997 16777216 4:16777216:ee",
                "BODY 64MiB 89478805 67108864 1:67108864:ff"));
    }

    private void fork(int round, String workload, String client, double ms, double alloc) throws IOException {
        append("jmh.jsonl", String.format(Locale.ROOT, "{\"round\":%d,\"workload\":\"%s\",\"client\":\"%s\","
                + "\"status\":\"ok\",\"ms\":[%s,%s,%s],\"alloc\":[%s,\"NaN\",%s]}", round, workload, client,
                ms * 1.5, ms, ms * 0.5, alloc, alloc));
    }

    private void failedFork(int round, String workload, String client, String cause) throws IOException {
        append("jmh.jsonl", String.format("{\"round\":%d,\"workload\":\"%s\",\"client\":\"%s\",\"status\":\"failed\","
                + "\"cause\":\"%s\"}", round, workload, client, cause));
    }

    private void heap(String client, String workload, long decoded, long passKiB, long failKiB, String search)
            throws IOException {
        if (!Files.exists(dir.resolve("heap.csv"))) {
            append("heap.csv", Runner.HEAP_HEADER);
        }
        append("heap.csv", String.format("%s,%s,%d,%d,%d,ok,7,%s,\"\"", client, workload, decoded, passKiB, failKiB,
                search));
    }

    private void append(String file, String line) throws IOException {
        Files.writeString(dir.resolve(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private List<Judge.Line> verdicts() throws IOException {
        return Verdicts.of(Results.load(dir));
    }

    private static Judge.Line line(List<Judge.Line> lines, String id, String workload) {
        List<Judge.Line> l = lines.stream().filter(x -> x.id.equals(id) && x.workload.equals(workload))
                .collect(Collectors.toList());
        assertThat(l).as("%s at %s in %s", id, workload, ids(lines)).hasSize(1);
        return l.get(0);
    }

    private static List<String> ids(List<Judge.Line> lines) {
        List<String> ids = new ArrayList<>();
        lines.forEach(l -> ids.add(l.id + "@" + l.workload));
        return ids;
    }

    @Test
    void should_pass_time_when_every_round_is_under_the_bound_against_that_rounds_best_peer() throws IOException {
        for (int r = 1; r <= 4; r++) {
            fork(r, "1024x1024", "imagegen4j-buffer", 0.80 + r * 0.02, 300_000);
            fork(r, "1024x1024", "openai-java", 1.0, 600_000);
            fork(r, "1024x1024", "langchain4j", 2.0, 900_000);
        }

        Judge.Line l = line(verdicts(), "time", "1024x1024");

        assertThat(l.verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(l.measured).isEqualTo("0.85x (0.82-0.88, 4 rounds)");
    }

    @Test
    void should_pair_each_round_with_the_fastest_peer_of_that_round() throws IOException {
        fork(1, "1024x1024", "imagegen4j-buffer", 0.8, 1);
        fork(1, "1024x1024", "openai-java", 1.0, 1);
        fork(1, "1024x1024", "langchain4j", 0.5, 1); // faster in this round: the bound is against it
        for (int r = 2; r <= 4; r++) {
            fork(r, "1024x1024", "imagegen4j-buffer", 0.8, 1);
            fork(r, "1024x1024", "openai-java", 1.0, 1);
        }
        fork(5, "1024x1024", "imagegen4j-buffer", 0.8, 1); // no peer in this round: not paired

        Judge.Line l = line(verdicts(), "time", "1024x1024");

        assertThat(l.spread.max).isEqualTo(1.6);
        assertThat(l.spread.min).isEqualTo(0.8);
        assertThat(l.spread.count).isEqualTo(4);
        assertThat(l.verdict).isEqualTo(Judge.Verdict.UNDECIDED);
        assertThat(l.verdictText()).isEqualTo("UNDECIDED: 0.80-1.60x straddles 0.90x");
    }

    @Test
    void should_miss_time_by_the_median_excess_when_every_round_is_over() throws IOException {
        for (int r = 1; r <= 4; r++) {
            fork(r, "1024x1024", "imagegen4j-buffer", 1.1 + r * 0.05, 1);
            fork(r, "1024x1024", "openai-java", 1.0, 1);
        }

        Judge.Line l = line(verdicts(), "time", "1024x1024");

        assertThat(l.verdict).isEqualTo(Judge.Verdict.MISS);
        assertThat(l.verdictText()).isEqualTo("MISS by 0.33x (median 36% over)");
    }

    @Test
    void should_be_not_applicable_when_every_peer_fails_and_still_judge_the_floor() throws IOException {
        for (int r = 1; r <= 4; r++) {
            fork(r, "64MiB", "imagegen4j-buffer", 240, 70_000_000);
            fork(r, "64MiB", "floor-loopback", 200, 67_108_900);
        }
        failedFork(1, "64MiB", "openai-java", "com.openai.errors.OpenAIInvalidDataException: Error reading response "
                + "<- String value length (20051112) exceeds the maximum allowed (20000000)");
        failedFork(1, "64MiB", "langchain4j", "java.lang.RuntimeException: x");

        List<Judge.Line> lines = verdicts();

        assertThat(line(lines, "time", "64MiB").verdict).isEqualTo(Judge.Verdict.NA);
        assertThat(line(lines, "time", "64MiB").detail).contains("Jackson max string length 20,000,000 (20051112 read)");
        assertThat(line(lines, "decode", "64MiB").verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(line(lines, "decode", "64MiB").measured).isEqualTo("1.20x (1.20-1.20, 4 rounds)");
        assertThat(line(lines, "alloc-peer", "64MiB").verdict).isEqualTo(Judge.Verdict.NA);
        // 70,000,000 / 67,108,864 = 1.043x <= 1.05x
        assertThat(line(lines, "alloc-image", "64MiB").verdict).isEqualTo(Judge.Verdict.PASS);
    }

    @Test
    void should_miss_when_our_client_fails_a_workload() throws IOException {
        failedFork(1, "12MiB", "imagegen4j-buffer", "java.lang.IllegalStateException: client imagegen4j-buffer "
                + "produced images:bytes:crc32 1:12582912:0 but the response holds 1:12582912:cc");
        for (int r = 1; r <= 4; r++) {
            fork(r, "12MiB", "openai-java", 50, 90_000_000);
        }

        List<Judge.Line> lines = verdicts();

        assertThat(line(lines, "time", "12MiB").verdict).isEqualTo(Judge.Verdict.MISS);
        assertThat(line(lines, "time", "12MiB").verdictText()).contains("produced images:bytes:crc32");
        assertThat(line(lines, "alloc-image", "12MiB").verdict).isEqualTo(Judge.Verdict.MISS);
    }

    @Test
    void should_judge_decode_and_the_large_image_allocation_only_for_large_images() throws IOException {
        for (int r = 1; r <= 4; r++) {
            fork(r, "1024x1024", "imagegen4j-buffer", 1.0, 155_906); // exactly 2.00x of 77953
            fork(r, "1024x1024", "floor-loopback", 0.1, 78_000);
            fork(r, "1024x1024", "openai-java", 1.2, 600_000);
        }

        List<Judge.Line> lines = verdicts();

        assertThat(ids(lines)).doesNotContain("decode@1024x1024", "alloc-image@1024x1024");
        assertThat(line(lines, "alloc-small", "1024x1024").verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(line(lines, "alloc-small", "1024x1024").measured).isEqualTo("2.00x (2.00-2.00, 4 forks)");
        assertThat(line(lines, "alloc-peer", "1024x1024").verdict).isEqualTo(Judge.Verdict.PASS);
    }

    @Test
    void should_judge_heap_intervals_above_the_baseline() throws IOException {
        heap("imagegen4j-buffer", "tiny", 1024, 10_496, 10_368, "bisect");
        // n10x1MiB: net (21888-10496, 22016-10368] = (11392, 11648] KiB = (1.113, 1.138]x <= 1.15x
        heap("imagegen4j-buffer", "n10x1MiB", 10_485_760, 22_016, 21_888, "bisect@22144");
        // n4x4MiB: net about 40960 KiB = 2.5x
        heap("imagegen4j-buffer", "n4x4MiB", 16_777_216, 51_456, 51_328, "bisect@30028");
        // 12MiB: net (24320-10496, 24448-10368] = (13824, 14080] KiB, under 1.15x of 12 MiB = 14131 KiB
        heap("imagegen4j-buffer", "12MiB", 12_582_912, 24_448, 24_320, "bisect@24499");
        // 64MiB: straddles: net (75840-10496, 86016-10368] = (65344, 75648] KiB vs 1.15x = 75366 KiB
        heap("imagegen4j-buffer", "64MiB", 67_108_864, 86_016, 75_840, "bisect@85734");
        heap("imagegen4j-file", "12MiB", 12_582_912, 10_752, 10_624, "bisect@11392");

        List<Judge.Line> lines = verdicts();

        assertThat(line(lines, "heap-bytes", "n10x1MiB").verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(line(lines, "heap-bytes", "n10x1MiB").measured).isEqualTo("1.125x (1.113-1.138)");
        assertThat(line(lines, "heap-bytes", "n4x4MiB").verdict).isEqualTo(Judge.Verdict.MISS);
        assertThat(line(lines, "heap-bytes", "n4x4MiB").verdictText()).startsWith("MISS by 1.35x");
        assertThat(line(lines, "heap-bytes", "12MiB").verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(line(lines, "heap-bytes", "64MiB").verdict).isEqualTo(Judge.Verdict.UNDECIDED);
        assertThat(line(lines, "heap-file", "12MiB").verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(line(lines, "heap-file", "12MiB").measured).isEqualTo("0.25 MiB (0.13-0.38 MiB)");
        assertThat(ids(lines)).doesNotContain("heap-bytes@tiny");
        assertThat(Report.summary(lines)).endsWith("n=10 heap 1.13");
    }

    @Test
    void should_report_only_an_upper_bound_when_a_coarse_search_passed_at_the_bound() throws IOException {
        heap("imagegen4j-buffer", "tiny", 1024, 10_496, 10_368, "bisect");
        long bound = 10_368 + (long) Math.floor(1.15 * (256L << 20) / 1024);
        heap("imagegen4j-buffer", "256MiB", 256L << 20, bound, 10_368, "coarse@" + bound);

        Judge.Line l = line(verdicts(), "heap-bytes", "256MiB");
        String md = Report.render(Results.load(dir), verdicts());

        assertThat(l.verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(l.measured).isEqualTo("<= 1.15x (passed at the bound)");
        assertThat(md).contains("| <= 1.150x | coarse@" + bound + " |");
    }

    @Test
    void should_pass_the_size_cliff_when_our_client_decodes_256_mib_and_miss_when_it_fails() throws IOException {
        heap("imagegen4j-buffer", "tiny", 1024, 10_496, 10_368, "bisect");
        heap("imagegen4j-file", "256MiB", 256L << 20, 11_392, 10_368, "coarse@11392");
        append("heap.csv", "imagegen4j-buffer,256MiB,268435456,,0,failed,2,coarse@319000,\"java.io.IOException: x\"");

        List<Judge.Line> lines = verdicts();

        assertThat(line(lines, "size-cliff", "256MiB imagegen4j to file").verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(line(lines, "size-cliff", "256MiB imagegen4j `byteBuffer()`").verdict).isEqualTo(Judge.Verdict.MISS);
        assertThat(line(lines, "heap-bytes", "256MiB").verdict).isEqualTo(Judge.Verdict.MISS);
    }

    @Test
    void should_judge_threads_and_completion_of_the_concurrent_run() throws IOException {
        append("concurrency.csv", "client,n,latency_ms,xmx,result");
        append("concurrency.csv", "imagegen4j,256,2000,512m,\"status=ok n=256 completed=256 failed=0 wallMs=2400 "
                + "threadsBefore=12 waitingThreads=42 peakThreads=55 peakHeapSampledMiB=84.4 cause=''\"");
        append("concurrency.csv", "openai-java,256,2000,512m,\"status=ok n=256 completed=256 failed=0 wallMs=8200 "
                + "threadsBefore=10 waitingThreads=78 peakThreads=81 peakHeapSampledMiB=115.9 cause=''\"");

        Judge.Line l = line(verdicts(), "threads", "concurrent256");

        assertThat(l.verdict).isEqualTo(Judge.Verdict.PASS);
        assertThat(l.measured).isEqualTo("+30 threads; 256/256 completed in 2.4 s");
    }

    @Test
    void should_miss_threads_when_a_thread_waits_per_request() throws IOException {
        append("concurrency.csv", "client,n,latency_ms,xmx,result");
        append("concurrency.csv", "imagegen4j,256,2000,512m,\"status=ok n=256 completed=256 failed=0 wallMs=2400 "
                + "threadsBefore=12 waitingThreads=270 peakThreads=280 peakHeapSampledMiB=84.4 cause=''\"");

        Judge.Line l = line(verdicts(), "threads", "concurrent256");

        assertThat(l.verdict).isEqualTo(Judge.Verdict.MISS);
        assertThat(l.verdictText()).isEqualTo("MISS by 227 threads");
    }

    @Test
    void should_end_with_the_one_summary_line_quoting_the_worst_figures() throws IOException {
        for (int r = 1; r <= 2; r++) {
            fork(r, "12MiB", "imagegen4j-buffer", 12 + r, 30_000_000);
            fork(r, "12MiB", "floor-loopback", 10, 12_600_000);
            fork(r, "12MiB", "openai-java", 50, 90_000_000);
            fork(r, "1024x1024", "imagegen4j-buffer", 1, 300_000);
            fork(r, "1024x1024", "openai-java", 1, 600_000);
        }

        String summary = Report.summary(verdicts());

        // decode medians (1.3, 1.4) -> 1.35; alloc: 0.33 at 12 MiB, 0.50 at 1024x1024 -> the worse, 0.50
        assertThat(summary).isEqualTo("perf: decode 1.35 of loopback floor, alloc 0.50 of openai-java, n=10 heap n/a");
    }

    @Test
    void should_exit_one_on_a_miss_three_when_only_undecided_zero_when_all_pass_and_two_on_nothing() {
        Judge.Line pass = new Judge.Line("t", "t", "w", "m", "b", Judge.Verdict.PASS, "");
        Judge.Line miss = new Judge.Line("t", "t", "w", "m", "b", Judge.Verdict.MISS, "");
        Judge.Line open = new Judge.Line("t", "t", "w", "m", "b", Judge.Verdict.UNDECIDED, "");
        Judge.Line na = new Judge.Line("t", "t", "w", "m", "b", Judge.Verdict.NA, "");

        assertThat(Report.exitCode(List.of(pass, na))).isZero();
        assertThat(Report.exitCode(List.of(pass, open, miss))).isEqualTo(1);
        assertThat(Report.exitCode(List.of(pass, open))).isEqualTo(3);
        assertThat(Report.exitCode(List.of(na))).isEqualTo(2);
        assertThat(Report.exitCode(List.of())).isEqualTo(2);
    }

    @Test
    void should_replace_only_the_generated_block_when_publishing() {
        String doc = "# Benchmarks\n\nhand-written\n\n" + Report.BEGIN + "\nold tables\n" + Report.END + "\n\nnotes\n";

        String out = Report.splice(doc, "new tables\n");

        assertThat(out).isEqualTo("# Benchmarks\n\nhand-written\n\n" + Report.BEGIN + "\n\nnew tables\n\n" + Report.END
                + "\n\nnotes\n");
        assertThatThrownBy(() -> Report.splice("no markers", "x")).hasMessageContaining("no '" + Report.BEGIN);
    }

    @Test
    void should_render_every_table_from_the_raw_results() throws IOException {
        fork(1, "1024x1024", "imagegen4j-buffer", 1, 300_000);
        fork(1, "1024x1024", "openai-java", 1.2, 600_000);
        fork(1, "1024x1024", "floor-base64", 0.01, 78_000);
        heap("imagegen4j-buffer", "tiny", 1024, 10_496, 10_368, "bisect");
        heap("imagegen4j-buffer", "12MiB", 12_582_912, 24_576, 24_448, "bisect@24499");

        String md = Report.render(Results.load(dir), verdicts());

        assertThat(md).contains("### Verdicts", "### Time per operation", "### Against the floors",
                "### Allocation per operation", "### Peak heap", "perf: decode n/a of loopback floor");
        assertThat(md).contains("| 1024x1024 | 1.00 (1 fork)<br>_78 MB/s_ | 1.20 (1 fork)<br>_65 MB/s_ | 0.83x (1 round) |");
    }
}
