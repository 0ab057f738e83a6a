package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the packaged CLI writes, run as a separate process against a journaled emulator: outputs that cannot
 * be written are refused before anything is sent, missing directories are created, the extension and --format
 * agree, files follow the umask, Ctrl-C says what may be billed, and two batches never share a directory.
 */
class CliFilesIT {

    private static ImageApiEmulator emu;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        emu.reset();
        CliProcess.config(dir, emu.baseUrl());
    }

    private String run(int expectedExit, String... args) throws Exception {
        return CliProcess.run(CliProcess.imagegen(dir, args), expectedExit);
    }

    private List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void should_refuse_an_output_that_cannot_be_written_before_sending() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "a file, not a directory");
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB), "png", dir.resolve("in.png").toFile());
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a\"}\n");

        String proc = run(ExitCodes.OUTPUT_REFUSED, "generate", "a fox", "-o", "/proc/fox.png");
        String underFile = run(ExitCodes.OUTPUT_REFUSED, "edit", "a fox", "--image", "in.png", "-o",
                "notes.txt/fox.png");
        String batch = run(ExitCodes.OUTPUT_REFUSED, "batch", "jobs.jsonl", "--out", "/proc/renders");
        String batchUnderFile = run(ExitCodes.OUTPUT_REFUSED, "batch", "jobs.jsonl", "--out", "notes.txt/renders");

        assertThat(proc).contains("output refused: cannot write /proc/fox.png: creating a file in /proc failed").contains("nothing was sent");
        assertThat(underFile).contains("output refused: cannot create the output directory " + dir.resolve("notes.txt"))
                .contains("not a directory");
        assertThat(batch).contains("output refused: cannot create the output directory /proc/renders");
        assertThat(batchUnderFile).contains("output refused: cannot create the output directory");
        assertThat(emu.journal().posts()).as("nothing was paid for").isEmpty();
    }

    @Test
    void should_create_missing_directories_and_take_the_format_from_the_extension() throws Exception {
        run(0, "generate", "a fox", "-o", "renders/");
        run(0, "generate", "a fox", "-o", "deep/er/fox.webp");
        run(0, "generate", "a fox", "-o", "fox.jpeg", "--format", "jpg");

        assertThat(names(dir.resolve("renders"))).containsExactly("a-fox.png");
        List<RecordedRequest> posts = emu.journal().posts();
        assertThat(posts.get(1).json().orElseThrow().get("output_format").asText()).isEqualTo("webp");
        byte[] webp = Files.readAllBytes(dir.resolve("deep/er/fox.webp"));
        assertThat(new String(webp, 8, 4, StandardCharsets.ISO_8859_1)).isEqualTo("WEBP");
        assertThat(posts.get(2).json().orElseThrow().get("output_format").asText()).isEqualTo("jpeg");
        assertThat(ImageIO.read(dir.resolve("fox.jpeg").toFile())).isNotNull();
    }

    @Test
    void should_refuse_an_extension_that_contradicts_the_format() throws Exception {
        String mismatch = run(ExitCodes.INVALID_REQUEST, "generate", "a fox", "-o", "fox.png", "--format", "jpeg");
        String unknown = run(ExitCodes.INVALID_REQUEST, "generate", "a fox", "-o", "fox.gif");

        assertThat(mismatch).contains("-o fox.png names a png file but --format is jpeg: use -o fox.jpg, or leave "
                + "out --format (the extension decides)");
        assertThat(unknown).contains("does not take output format 'gif' (takes png, jpeg, webp); 'gif' is taken by "
                + "gpt-image-2.6-flare, gpt-image-2.6-sunburst");
        assertThat(emu.journal().posts()).isEmpty();
        assertThat(names(dir)).containsExactly("imagegen4j.yaml");
    }

    @Test
    void should_create_files_with_the_permissions_the_umask_allows() throws Exception {
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a\", \"n\": 2}\n");

        CliProcess.run(CliProcess.imagegenWithUmask(dir, "027", "generate", "a fox", "-o", "fox.png", "--stream"), 0);
        CliProcess.run(CliProcess.imagegenWithUmask(dir, "002", "batch", "jobs.jsonl", "--out", "out"), 0);

        for (String f : List.of("fox.png", "fox.partial-0.png")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).as(f)
                    .isEqualTo("rw-r-----");
        }
        for (String f : List.of("out/a.png", "out/a-1.png", "out/manifest.jsonl")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f)))).as(f)
                    .isEqualTo("rw-rw-r--");
        }
    }

    @Test
    void should_say_on_ctrl_c_that_the_request_in_flight_may_be_billed() throws Exception {
        try (ImageApiEmulator slow = ImageApiEmulator.builder().latency(Duration.ofSeconds(20)).start()) {
            CliProcess.config(dir, slow.baseUrl());
            Path log = dir.resolve("generate.log");
            Process p = CliProcess.start(CliProcess.imagegen(dir, "generate", "a fox", "-o", "fox.png"), log);
            awaitText(log, "waiting for the image", p);

            CliProcess.interrupt(p);

            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(Files.readString(log)).contains("imagegen: interrupted while the request to local "
                    + "(imagegen4j.yaml) was in flight: it may still be generated and billed");
            assertThat(names(dir)).containsExactly("generate.log", "imagegen4j.yaml");
        }
    }

    @Test
    void should_record_the_batch_requests_in_flight_on_ctrl_c_and_not_send_them_again() throws Exception {
        try (ImageApiEmulator slow = ImageApiEmulator.builder().latency(Duration.ofMillis(1500)).start()) {
            CliProcess.config(dir, slow.baseUrl());
            StringBuilder jobs = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                jobs.append("{\"id\": \"j").append(i).append("\", \"prompt\": \"j").append(i).append("\"}\n");
            }
            Files.writeString(dir.resolve("jobs.jsonl"), jobs);
            Path manifest = dir.resolve("out").resolve(Manifest.FILE);
            Path log = dir.resolve("batch.log");
            Process p = CliProcess.start(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out",
                    "--concurrency", "2"), log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (statusCount(manifest, "sending") < 2 && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            Thread.sleep(500); // the two requests leave the process

            CliProcess.interrupt(p);

            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
            assertThat(Files.readString(log)).contains("imagegen: interrupted with 2 request(s) in flight: j0, j1. "
                    + "They may still be generated and billed, and are recorded as unknown in " + manifest);
            assertThat(statusCount(manifest, "unknown")).isEqualTo(2);
            slow.journal().await(2, Duration.ofSeconds(10)); // the vendor finishes (and bills) both

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Context ctx = new Context(Map.of(), dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true), false);
            int rerun = ImagegenCli.run(ctx, "batch", "jobs.jsonl", "--out", "out");
            int retried = ImagegenCli.run(ctx, "batch", "jobs.jsonl", "--out", "out", "--retry-unknown");

            assertThat(rerun).isEqualTo(ExitCodes.BATCH_UNKNOWN);
            assertThat(retried).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 done, 0 already done, 0 recovered, 0 failed, "
                    + "2 unknown").contains("outcome unknown (may have been generated and paid for; not sent again): "
                    + "j0, j1").contains("2 done, 2 already done, 0 recovered, 0 failed, 0 unknown");
            assertThat(slow.journal().posts().stream().map(r -> r.param("prompt").orElse("?")).sorted())
                    .as("j0 and j1 twice only because --retry-unknown asked for it")
                    .containsExactly("j0", "j0", "j1", "j1", "j2", "j3");
            assertThat(names(dir.resolve("out"))).containsExactly(".imagegen", "j0.png", "j1.png", "j2.png", "j3.png",
                    Manifest.FILE);
        }
    }

    @Test
    void should_refuse_a_second_batch_on_a_directory_in_use_and_pay_once() throws Exception {
        try (ImageApiEmulator slow = ImageApiEmulator.builder().latency(Duration.ofMillis(1500)).start()) {
            CliProcess.config(dir, slow.baseUrl());
            StringBuilder jobs = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                jobs.append("{\"id\": \"j").append(i).append("\", \"prompt\": \"j").append(i).append("\"}\n");
            }
            Files.writeString(dir.resolve("jobs.jsonl"), jobs);
            Path manifest = dir.resolve("out").resolve(Manifest.FILE);
            Process first = CliProcess.start(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out",
                    "--concurrency", "2"), dir.resolve("first.log"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (statusCount(manifest, "sending") < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            String second = CliProcess.run(CliProcess.imagegen(dir, "batch", "jobs.jsonl", "--out", "out"),
                    ExitCodes.OUTPUT_REFUSED);

            assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as(Files.readString(dir.resolve("first.log"))).isZero();
            assertThat(second).contains("is in use by another imagegen batch (pid " + first.pid() + " on ")
                    .contains("Nothing was sent");
            assertThat(slow.journal().posts()).as("each job paid once").hasSize(6);
            assertThat(names(dir.resolve("out"))).containsExactly(".imagegen", "j0.png", "j1.png", "j2.png", "j3.png",
                    "j4.png", "j5.png", Manifest.FILE);
        }
    }

    private static void awaitText(Path log, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                Thread.sleep(300); // the request body leaves the process
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("'" + text + "' never appeared: " + Files.readString(log));
    }

    private static long statusCount(Path manifest, String status) throws Exception {
        if (!Files.exists(manifest)) {
            return 0;
        }
        return Files.readAllLines(manifest, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("\"status\":\"" + status + "\"")).count();
    }
}
