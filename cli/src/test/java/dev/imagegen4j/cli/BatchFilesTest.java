package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a batch does with files (in-process, against a journaled emulator): no name collisions, no file it did not
 * write is overwritten or taken for a result, recovery only with a recorded intent, unknown outcomes not re-sent
 * without {@code --retry-unknown}, a torn last manifest line repaired, a locked directory refused, numbers out of
 * range rejected. Every case counts the POSTs the vendor saw.
 */
class BatchFilesTest {

    private static ImageApiEmulator emu;

    @TempDir
    Path dir;
    private Path out;
    private ByteArrayOutputStream stdout;
    private ByteArrayOutputStream stderr;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void setUp() throws IOException {
        emu.reset();
        out = dir.resolve("out");
        CliProcess.config(dir, emu.baseUrl());
    }

    private int batch(String jobs, String... extra) throws IOException {
        Files.writeString(dir.resolve("jobs.jsonl"), jobs);
        stdout = new ByteArrayOutputStream();
        stderr = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("batch", "jobs.jsonl", "--out", "out", "--concurrency", "1"));
        args.addAll(List.of(extra));
        return ImagegenCli.run(new Context(Map.of(), dir, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), false), args.toArray(new String[0]));
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private List<String> prompts() {
        return emu.journal().posts().stream().map(r -> r.param("prompt").orElse("?")).sorted()
                .collect(Collectors.toList());
    }

    private List<JsonNode> manifest() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out.resolve(Manifest.FILE), StandardCharsets.UTF_8)) {
            lines.add(ResultPrinter.JSON.readTree(l));
        }
        return lines;
    }

    private JsonNode latest(String id) throws IOException {
        JsonNode last = null;
        for (JsonNode n : manifest()) {
            if (n.get("id").asText().equals(id)) {
                last = n;
            }
        }
        return last;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static void png(Path file) throws IOException {
        ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                file.toFile());
    }

    @Test
    void should_refuse_colliding_file_names_before_sending_anything() throws Exception {
        int code = batch("""
                {"id": "a", "prompt": "a", "n": 2}
                {"id": "a-1", "prompt": "a-1"}
                {"id": "b", "prompt": "b", "n": 3}
                {"id": "B-2", "prompt": "B-2", "format": "jpeg"}
                {"id": "c", "prompt": "c"}
                """);

        assertThat(code).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("2 file name collision(s), nothing was sent")
                .contains("line 1 (id 'a', image 2 of 2) and line 2 (id 'a-1') would both write a-1.*")
                .contains("line 3 (id 'b', image 3 of 3) and line 4 (id 'B-2') would both write B-2.*");
        assertThat(emu.journal().posts()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void should_never_overwrite_or_adopt_a_file_the_batch_did_not_write() throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve("holiday.png"), "my own holiday photo");
        png(out.resolve("logo.png"));
        String jobs = """
                {"id": "holiday", "prompt": "holiday"}
                {"id": "logo", "prompt": "logo"}
                {"id": "other", "prompt": "other"}
                """;

        int code = batch(jobs);

        assertThat(code).isEqualTo(ExitCodes.OUTPUT_REFUSED);
        assertThat(err()).contains("2 file(s) in " + out + " have the names of job results but were not written by "
                + "this batch: holiday.png (job 'holiday', line 1), logo.png (job 'logo', line 2)")
                .contains("Nothing was sent");
        assertThat(emu.journal().posts()).isEmpty();
        assertThat(Files.readString(out.resolve("holiday.png"))).isEqualTo("my own holiday photo");
        assertThat(latest("logo")).as("logo.png is not taken for job logo's result").isNull();

        Files.move(out.resolve("holiday.png"), dir.resolve("holiday.png"));
        Files.move(out.resolve("logo.png"), dir.resolve("logo.png"));
        assertThat(batch(jobs)).as(err()).isZero();
        assertThat(prompts()).containsExactly("holiday", "logo", "other");
    }

    @Test
    void should_recover_a_job_only_from_files_its_recorded_intent_named() throws Exception {
        // a killed run: the intents of 'saved' and 'lost' were recorded, saved.png reached the disk, lost.png did not
        Files.createDirectories(out);
        Files.writeString(out.resolve(Manifest.FILE), """
                {"id":"saved","status":"sending","run":"r1","files":["saved.png"],"at":"2026-01-01T00:00:00Z"}
                {"id":"lost","status":"sending","run":"r1","files":["lost.png"],"at":"2026-01-01T00:00:00Z"}
                """);
        png(out.resolve("saved.png"));
        String jobs = """
                {"id": "saved", "prompt": "saved"}
                {"id": "lost", "prompt": "lost"}
                {"id": "new", "prompt": "new"}
                """;

        int first = batch(jobs);

        assertThat(first).as(err()).isEqualTo(ExitCodes.BATCH_UNKNOWN);
        assertThat(prompts()).as("only the new job is sent").containsExactly("new");
        assertThat(latest("saved").get("status").asText()).isEqualTo("ok");
        assertThat(latest("saved").get("recovered").asBoolean()).isTrue();
        assertThat(latest("saved").get("fromRun").asText()).isEqualTo("r1");
        assertThat(latest("lost").get("status").asText()).isEqualTo("unknown");
        assertThat(latest("lost").get("reason").asText()).contains("run r1 ended while the request was in flight");
        assertThat(out()).contains("1 done, 0 already done, 1 recovered, 0 failed, 1 unknown")
                .contains("outcome unknown (may have been generated and paid for; not sent again): lost")
                .contains("--retry-unknown");

        assertThat(batch(jobs)).isEqualTo(ExitCodes.BATCH_UNKNOWN);
        assertThat(prompts()).as("a plain re-run does not send the unknown job").containsExactly("new");

        assertThat(batch(jobs, "--retry-unknown")).as(err()).isZero();
        assertThat(prompts()).containsExactly("lost", "new");
        assertThat(ImageIO.read(out.resolve("lost.png").toFile())).isNotNull();
    }

    @Test
    void should_report_an_unknown_outcome_and_send_it_again_only_with_the_flag() throws Exception {
        String jobs = "{\"id\": \"u\", \"prompt\": \"u\"}\n{\"id\": \"v\", \"prompt\": \"v\"}\n";
        emu.enqueue(Fault.resetAfterBody()); // the first request reached the vendor; the answer was lost

        int first = batch(jobs, "--json");

        assertThat(first).isEqualTo(ExitCodes.BATCH_UNKNOWN);
        JsonNode summary = ResultPrinter.JSON.readTree(out());
        assertThat(summary.get("unknown").asInt()).isEqualTo(1);
        assertThat(summary.get("unknownIds").get(0).asText()).isEqualTo("u");
        assertThat(summary.get("exitCode").asInt()).isEqualTo(11);
        assertThat(latest("u").get("status").asText()).isEqualTo("unknown");
        assertThat(latest("u").get("error").get("type").asText()).isEqualTo("ResultUnknownException");
        assertThat(err()).contains("outcome unknown u");

        assertThat(batch(jobs)).isEqualTo(ExitCodes.BATCH_UNKNOWN);
        assertThat(emu.journal().posts()).as("not re-sent without the flag").hasSize(2);

        assertThat(batch(jobs, "--retry-unknown")).as(err()).isZero();
        assertThat(prompts()).containsExactly("u", "u", "v");
        assertThat(batch(jobs, "--retry-unknown")).isZero();
        assertThat(emu.journal().posts()).as("a finished job is never re-sent, flag or not").hasSize(3);
    }

    @Test
    void should_keep_a_failed_jobs_saved_image_and_write_the_retry_beside_it() throws Exception {
        Files.createDirectories(out);
        png(out.resolve("a.png"));
        Files.writeString(out.resolve(Manifest.FILE), """
                {"id":"a","status":"sending","run":"r1","files":["a.png","a-1.png"]}
                {"id":"a","status":"failed","run":"r1","files":["a.png"],"error":{"type":"ProviderException"}}
                """);
        byte[] before = Files.readAllBytes(out.resolve("a.png"));

        int code = batch("{\"id\": \"a\", \"prompt\": \"a\", \"n\": 2}\n");

        assertThat(code).as(err()).isZero();
        assertThat(Files.readAllBytes(out.resolve("a.png"))).as("a paid image is never replaced").isEqualTo(before);
        assertThat(latest("a").get("files").toString()).isEqualTo("[\"a (2).png\",\"a-1.png\"]");
        assertThat(files()).contains("a.png", "a (2).png", "a-1.png");
    }

    @Test
    void should_keep_the_saved_half_of_a_job_cut_by_a_kill_and_retry_it_only_with_the_flag() throws Exception {
        // a killed run: job 'a' (n=2) had saved its first image, not its second, when the process died
        Files.createDirectories(out);
        Files.writeString(out.resolve(Manifest.FILE),
                "{\"id\":\"a\",\"status\":\"sending\",\"run\":\"r1\",\"files\":[\"a.png\",\"a-1.png\"]}\n");
        png(out.resolve("a.png"));
        byte[] half = Files.readAllBytes(out.resolve("a.png"));
        String jobs = "{\"id\": \"a\", \"prompt\": \"a\", \"n\": 2}\n";

        assertThat(batch(jobs)).isEqualTo(ExitCodes.BATCH_UNKNOWN);
        assertThat(emu.journal().posts()).isEmpty();
        assertThat(latest("a").get("status").asText()).isEqualTo("unknown");
        assertThat(latest("a").get("files").toString()).as("the saved half is recorded as this job's")
                .isEqualTo("[\"a.png\"]");

        assertThat(batch(jobs, "--retry-unknown")).as(err()).isZero();
        assertThat(emu.journal().posts()).hasSize(1);
        assertThat(latest("a").get("files").toString()).isEqualTo("[\"a (2).png\",\"a-1.png\"]");
        assertThat(Files.readAllBytes(out.resolve("a.png"))).as("a paid image is never replaced").isEqualTo(half);
    }

    @Test
    void should_repair_a_last_manifest_line_torn_inside_a_multibyte_character() throws Exception {
        String jobs = "{\"id\": \"a\", \"prompt\": \"a\"}\n{\"id\": \"b\", \"prompt\": \"b\"}\n";
        assertThat(batch(jobs)).isZero();
        byte[] torn = "{\"id\":\"b\",\"status\":\"failed\",\"error\":{\"message\":\"caf\u00e9".getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(out.resolve(Manifest.FILE), StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(torn, 0, torn.length - 1)); // cut between the two bytes of 'é'
        }

        int code = batch(jobs + "{\"id\": \"c\", \"prompt\": \"c\"}\n");

        assertThat(code).as(err()).isZero();
        assertThat(err()).contains("the last line of " + out.resolve(Manifest.FILE) + " was cut by a kill")
                .contains("not valid UTF-8").contains("was removed");
        assertThat(prompts()).containsExactly("a", "b", "c");
        assertThat(manifest()).as("every line is whole again").allMatch(n -> n.has("status"));
        assertThat(latest("b").get("status").asText()).isEqualTo("ok");
    }

    @Test
    void should_refuse_a_manifest_damaged_in_the_middle_naming_the_line() throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve(Manifest.FILE), "{\"id\":\"a\",\"status\":\"ok\",\"files\":[\"a.png\"]}\n"
                + "{\"id\":\"b\",\"sta\n{\"id\":\"c\",\"status\":\"ok\",\"files\":[\"c.png\"]}\n");

        int code = batch("{\"id\": \"d\", \"prompt\": \"d\"}\n");

        assertThat(code).isEqualTo(ExitCodes.OUTPUT_REFUSED);
        assertThat(err()).contains(out.resolve(Manifest.FILE) + " line 2 is damaged (not valid JSON")
                .contains("fix or delete that line");
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_reject_numbers_outside_the_int_range_instead_of_truncating_them() throws Exception {
        int code = batch("""
                {"id": "a", "prompt": "a", "n": 4294967297}
                {"id": "b", "prompt": "b", "compression": -4294967246}
                {"id": "c", "prompt": "c", "output_compression": 99999999999999999999999}
                {"id": "d", "prompt": "d", "n": 1.0}
                """);

        assertThat(code).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("4 bad line(s), nothing was sent")
                .contains("jobs.jsonl line 1: 'n' 4294967297 is out of range (at most 2147483647)")
                .contains("jobs.jsonl line 2: 'compression' -4294967246 is out of range (at least -2147483648)")
                .contains("jobs.jsonl line 3: 'output_compression' 99999999999999999999999 is out of range")
                .contains("jobs.jsonl line 4: 'n' must be a whole number (got 1.0)");
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_refuse_a_directory_locked_by_another_run_and_take_over_a_stale_lock() throws Exception {
        Path lockFile = Files.createDirectories(out.resolve(BatchLock.STATE_DIR)).resolve(BatchLock.FILE);
        String holder = "{\"pid\":4242,\"host\":\"elsewhere\",\"started\":\"2026-01-01T00:00:00Z\",\"run\":\"r0\"}\n";
        Files.writeString(lockFile, holder);
        String jobs = "{\"id\": \"a\", \"prompt\": \"a\"}\n";

        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThat(batch(jobs)).isEqualTo(ExitCodes.OUTPUT_REFUSED);
            assertThat(err()).contains(out + " is in use by another imagegen batch (pid 4242 on elsewhere, started "
                    + "2026-01-01T00:00:00Z, run r0)").contains("Nothing was sent");
            assertThat(emu.journal().posts()).isEmpty();
        }

        // the holder died: its OS lock is gone, its description is left
        assertThat(batch(jobs)).as(err()).isZero();
        assertThat(err()).contains("the previous run on " + out + " (pid 4242 on elsewhere")
                .contains("ended without finishing");
        assertThat(emu.journal().posts()).hasSize(1);
        assertThat(Files.readString(lockFile)).as("released: emptied, not deleted").isEmpty();
    }

    @Test
    void should_delete_only_its_own_temporary_files() throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve(".a.png.0123456789abcdef.part"), "left by a killed run of this batch");
        Files.writeString(out.resolve(".a (2).png.0123456789abcdef.part"), "left by a killed run of this batch");
        Files.writeString(out.resolve(".a.png123456.part"), "left by an earlier version");
        Files.writeString(out.resolve(".poster.png.0123456789abcdef.part"), "another program's download");

        assertThat(batch("{\"id\": \"a\", \"prompt\": \"a\"}\n")).as(err()).isZero();

        assertThat(files()).containsExactly(".imagegen", ".poster.png.0123456789abcdef.part", "a.png",
                Manifest.FILE);
    }

    @Test
    void should_print_each_results_warnings() throws Exception {
        int code = batch("{\"id\": \"a\", \"prompt\": \"a\", \"compression\": 50}\n", "--json");

        assertThat(code).as(err()).isZero();
        assertThat(err()).contains("warning: a: output compression 50 ignored");
        JsonNode w = ResultPrinter.JSON.readTree(out()).get("warnings").get(0);
        assertThat(w.get("id").asText()).isEqualTo("a");
        assertThat(w.get("warning").asText()).startsWith("output compression 50 ignored");
        RecordedRequest r = emu.journal().last();
        assertThat(r.param("prompt")).contains("a");
    }
}
