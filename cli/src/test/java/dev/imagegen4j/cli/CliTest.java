package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The CLI in-process (picocli), against an emulator it is configured for, or its built-in one. */
class CliTest extends InProcessCliTest {

    private static final String KEY = "sk-cli-test-7777777";
    private static ImageApiEmulator emu;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
        captureStreams(); // also called within a test, between two runs
    }

    private int runConfigured(String... args) throws Exception {
        Path config = dir.resolve("imagegen4j.yaml");
        Files.writeString(config, """
                generators:
                  local: { provider: openai, api-key: "${KEY}", base-url: "%s/v1" }
                  wrong-key: { provider: openai, api-key: sk-wrong-000000, base-url: "%s/v1" }
                routes:
                  failing-over: { failover: [wrong-key, local] }
                default: local
                """.formatted(emu.baseUrl(), emu.baseUrl()));
        return run(Map.of("KEY", KEY), args);
    }

    @Test
    void should_generate_a_png_with_the_built_in_emulator_and_say_so() throws Exception {
        int code = run(Map.of(), "generate", "a corgi on grass", "-o", "corgi.png");

        assertThat(code).as(err()).isZero();
        BufferedImage img = ImageIO.read(dir.resolve("corgi.png").toFile());
        assertThat(img.getWidth()).isEqualTo(1024);
        assertThat(err()).contains("uses the built-in emulator").contains("OPENAI_API_KEY");
        assertThat(out()).contains("saved " + dir.resolve("corgi.png")).contains("emulator");
    }

    @Test
    void should_name_the_file_from_the_prompt_and_never_leave_the_directory() throws Exception {
        Files.createDirectories(dir.resolve("out"));

        int code = run(Map.of(), "generate", "../../etc/passwd: a cat!", "-o", "out/");

        assertThat(code).as(err()).isZero();
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .containsExactly("etc-passwd-a-cat.png");
        }
    }

    @Test
    void should_print_one_json_object() throws Exception {
        int code = runConfigured("generate", "a red kite", "--size", "1536x864", "--format", "webp", "--json",
                "-o", "kite.webp");

        assertThat(code).as(err()).isZero();
        JsonNode json = ResultPrinter.JSON.readTree(out());
        assertThat(json.get("provider").asText()).isEqualTo("openai");
        assertThat(json.get("generator").asText()).startsWith("local");
        assertThat(json.get("files").get(0).get("width").asInt()).isEqualTo(1536);
        assertThat(json.get("files").get(0).get("format").asText()).isEqualTo("webp");
        assertThat(json.get("usage").get("totalTokens").asLong()).isPositive();
        assertThat(json.get("requestId").asText()).isEqualTo(emu.journal().last().requestId());
        assertThat(emu.journal().last().json().orElseThrow().get("size").asText()).isEqualTo("1536x864");
    }

    @Test
    void should_refuse_to_overwrite_without_force_and_send_nothing() throws Exception {
        Files.writeString(dir.resolve("taken.png"), "keep me");

        assertThat(runConfigured("generate", "x", "-o", "taken.png")).isEqualTo(ExitCodes.OUTPUT_REFUSED);
        assertThat(Files.readString(dir.resolve("taken.png"))).isEqualTo("keep me");
        assertThat(emu.journal().posts()).isEmpty();
        assertThat(err()).contains("taken.png exists; use --force to overwrite it");

        assertThat(runConfigured("generate", "x", "-o", "taken.png", "--force")).isZero();
        assertThat(ImageIO.read(dir.resolve("taken.png").toFile())).isNotNull();
    }

    @Test
    void should_edit_with_reference_images_and_a_mask() throws Exception {
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB), "png", dir.resolve("a.png").toFile());
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB), "png", dir.resolve("b.png").toFile());
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB), "png", dir.resolve("m.png").toFile());

        int code = runConfigured("edit", "merge them", "--image", "a.png", "b.png", "--mask", "m.png",
                "--input-fidelity", "high", "--model", "gpt-image-1.5", "-o", "merged.png");

        assertThat(code).as(err()).isZero();
        RecordedRequest r = emu.journal().last();
        assertThat(r.path()).isEqualTo("/v1/images/edits");
        assertThat(r.parts("image[]")).hasSize(2);
        assertThat(r.part("mask")).isPresent();
        assertThat(r.param("input_fidelity")).contains("high");
    }

    @Test
    void should_save_partial_images_when_streaming() throws Exception {
        int code = runConfigured("generate", "a fox", "--stream", "-o", "fox.png");

        assertThat(code).as(err()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(ImageIO.read(dir.resolve("fox.partial-" + i + ".png").toFile())).isNotNull();
        }
        assertThat(ImageIO.read(dir.resolve("fox.png").toFile()).getWidth()).isEqualTo(1024);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "content-policy, 4",
        "status-503, 6",
        "rate-limit-long, 6",
        "quota, 6",
        "reset-after-body, 7",
    })
    void should_exit_with_a_distinct_code_per_error_class(String fault, int expected) throws Exception {
        switch (fault) {
            case "content-policy":
                emu.enqueue(Fault.contentPolicy());
                break;
            case "status-503":
                emu.enqueue(Fault.status(503));
                break;
            case "rate-limit-long":
                emu.enqueue(Fault.rateLimited(Duration.ofSeconds(600)));
                break;
            case "quota":
                emu.enqueue(Fault.quotaExhausted());
                break;
            default:
                emu.enqueue(Fault.resetAfterBody());
        }

        int code = runConfigured("generate", "x", "-o", "x.png");

        assertThat(code).as(err()).isEqualTo(expected);
        assertThat(err().lines().filter(l -> l.startsWith("imagegen: ") && !l.contains("...")).count()).isEqualTo(1);
        if (expected != ExitCodes.UNKNOWN_OUTCOME) {
            assertThat(err()).contains("request id");
        } else {
            assertThat(err()).contains("may have been generated and paid for");
        }
    }

    @Test
    void should_exit_with_codes_for_invalid_requests_auth_config_and_usage() throws Exception {
        assertThat(runConfigured("generate", "x", "--size", "1000x1000")).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(runConfigured("generate", "x", "--quality", "ultra")).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("does not take quality 'ultra'");
        assertThat(runConfigured("generate", "x", "--generator", "wrong-key")).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(err()).doesNotContain("sk-wrong-000000").doesNotContain(KEY);
        assertThat(run(Map.of(), "generate", "x", "--config", "missing.yaml")).isEqualTo(ExitCodes.CONFIG);
        assertThat(run(Map.of(), "generate")).isEqualTo(ExitCodes.USAGE);
        assertThat(emu.journal().posts()).hasSize(1);
    }

    @Test
    void should_list_models_and_providers() throws Exception {
        assertThat(run(Map.of(), "models")).isZero();
        assertThat(out()).contains("gpt-image-2").contains("multiples of 16").contains("dall-e-3")
                .contains("shutdown by openai 2026-05-12").contains("gpt-image-2.5-flare  (default)")
                .contains("quality:    auto, low, medium, high, xhigh, max");

        out.reset();
        assertThat(runConfigured("providers", "--config", "imagegen4j.yaml")).isZero();
        assertThat(out()).contains("openai").contains("azure").contains("aimlapi").contains("openai-compatible")
                .contains("generator local  provider openai").doesNotContain(KEY);
    }

    @Test
    void should_run_a_batch_and_skip_finished_ids_when_rerun() throws Exception {
        Files.writeString(dir.resolve("jobs.jsonl"), """
                {"id": "a", "prompt": "job a"}
                {"id": "b", "prompt": "job b", "size": "1536x1024", "format": "jpeg"}
                # a comment
                {"id": "c", "prompt": "job c", "n": 2}
                """);

        int first = runConfigured("batch", "jobs.jsonl", "--out", "out", "--concurrency", "2");
        int postsAfterFirst = emu.journal().posts().size();
        int second = runConfigured("batch", "jobs.jsonl", "--out", "out");

        assertThat(first).as(err()).isZero();
        assertThat(second).isZero();
        assertThat(postsAfterFirst).isEqualTo(3);
        assertThat(emu.journal().posts()).as("nothing is paid for twice").hasSize(3);
        assertThat(out()).contains("batch: 3 done").contains("batch: 0 done, 3 already done");
        Path out = dir.resolve("out");
        assertThat(ImageIO.read(out.resolve("a.png").toFile()).getWidth()).isEqualTo(1024);
        assertThat(ImageIO.read(out.resolve("b.jpg").toFile()).getWidth()).isEqualTo(1536);
        assertThat(out.resolve("c.png")).exists();
        assertThat(out.resolve("c-1.png")).exists();
        List<String> manifest = Files.readAllLines(out.resolve("manifest.jsonl"));
        assertThat(manifest).as("an intent before and an outcome after each request").hasSize(6);
        assertThat(manifest.stream().filter(l -> l.contains("\"status\":\"sending\""))).hasSize(3);
        JsonNode b = ResultPrinter.JSON.readTree(manifest.stream().filter(l -> l.contains("\"b\"")
                && l.contains("\"ok\"")).findFirst().orElseThrow());
        assertThat(b.get("status").asText()).isEqualTo("ok");
        assertThat(b.get("files").get(0).asText()).isEqualTo("b.jpg");
        assertThat(b.get("requestId").asText()).isNotBlank();
        assertThat(b.get("usage").get("totalTokens").asLong()).isPositive();
        assertThat(b.get("cost").get("estimated").asBoolean()).isTrue();
    }

    @Test
    void should_check_every_batch_line_before_sending_anything() throws Exception {
        Files.writeString(dir.resolve("bad.jsonl"), """
                {"id": "ok", "prompt": "fine"}
                {"id": "../evil", "prompt": "escape"}
                {"id": "x", "promt": "typo"}
                {"id": "ok", "prompt": "duplicate"}
                not json
                {"id": "y", "prompt": "p", "size": "huge"}
                """);

        int code = runConfigured("batch", "bad.jsonl", "--out", "out");

        assertThat(code).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("5 bad line(s), nothing was sent")
                .contains("bad.jsonl line 2: id '../evil' must be")
                .contains("bad.jsonl line 3: unknown key 'promt'; did you mean 'prompt'?")
                .contains("bad.jsonl line 4: id 'ok' is also on line 1")
                .contains("bad.jsonl line 5: not valid JSON")
                .contains("bad.jsonl line 6: size: size 'huge' is not 'auto' or WIDTHxHEIGHT");
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_record_failed_jobs_and_retry_only_them() throws Exception {
        Files.writeString(dir.resolve("jobs.jsonl"), """
                {"id": "good", "prompt": "job good"}
                {"id": "refused", "prompt": "job refused"}
                """);
        emu.addRule(dev.imagegen4j.testkit.FaultRule.forPath("/v1/images", Fault.none()));
        emu.enqueue(Fault.contentPolicy());

        int first = runConfigured("batch", "jobs.jsonl", "--out", "out", "--concurrency", "1");
        int second = runConfigured("batch", "jobs.jsonl", "--out", "out");

        assertThat(first).isEqualTo(ExitCodes.BATCH_FAILURES);
        assertThat(second).isZero();
        assertThat(emu.journal().posts()).hasSize(3);
        assertThat(Files.readString(dir.resolve("out/manifest.jsonl"))).contains("\"status\":\"failed\"")
                .contains("ContentPolicyException");
    }

    /** The {@code warning:} lines on stderr since the last reset. */
    private List<String> warningLines() {
        return err().lines().filter(l -> l.startsWith("warning: ")).map(l -> l.substring("warning: ".length()))
                .collect(Collectors.toList());
    }

    /** The two runs being compared got different request ids from the emulator. */
    private static List<String> withoutRequestIds(List<String> warnings) {
        return warnings.stream().map(w -> w.replaceAll("request id [A-Za-z0-9_-]+", "request id *"))
                .collect(Collectors.toList());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(n -> texts.add(n.isTextual() ? n.asText() : n.get("warning").asText()));
        return texts;
    }

    @Test
    void should_print_every_warning_of_a_route_that_failed_over_for_generate_edit_and_batch() throws Exception {
        ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB), "png", dir.resolve("in.png").toFile());
        String[][] commands = {
            {"generate", "a kite", "--generator", "failing-over", "--compression", "50", "-o", "g.png"},
            {"edit", "a kite", "--image", "in.png", "--generator", "failing-over", "--compression", "50", "-o", "e.png"},
        };
        for (String[] command : commands) {
            // when: text mode, then the same with --json
            reset();
            int text = runConfigured(command);
            List<String> printed = warningLines();
            int posts = emu.journal().posts().size();
            List<String> args = new java.util.ArrayList<>(List.of(command));
            args.set(args.size() - 1, "json-" + args.get(args.size() - 1));
            args.add("--json");
            reset();
            int json = runConfigured(args.toArray(new String[0]));

            // then: the first member's 401 was followed by the second member; every warning is on stderr and in JSON
            assertThat(text).as(err()).isZero();
            assertThat(json).as(err()).isZero();
            assertThat(posts).as("%s: a 401 from wrong-key, then local", command[0]).isEqualTo(2);
            assertThat(emu.journal().posts().get(0).status()).isEqualTo(401);
            List<String> inJson = texts(ResultPrinter.JSON.readTree(out()).get("warnings"));
            assertThat(withoutRequestIds(printed)).as(command[0]).isNotEmpty().isEqualTo(withoutRequestIds(inJson))
                    .anyMatch(w -> w.startsWith("output compression 50 ignored"))
                    .anyMatch(w -> w.startsWith("wrong-key failed (AuthenticationException: ") && w.endsWith(
                            "; served by local"));
        }

        reset();
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a\", \"compression\": 50}\n");
        int batch = runConfigured("batch", "jobs.jsonl", "--out", "out", "--generator", "failing-over", "--json");
        assertThat(batch).as(err()).isZero();
        assertThat(emu.journal().posts()).hasSize(2);
        List<String> batchWarnings = texts(ResultPrinter.JSON.readTree(out()).get("warnings"));
        assertThat(warningLines()).isEqualTo(batchWarnings.stream().map(w -> "a: " + w).collect(Collectors.toList()))
                .anyMatch(w -> w.startsWith("a: output compression 50 ignored"))
                .anyMatch(w -> w.startsWith("a: wrong-key failed (AuthenticationException: ")
                        && w.endsWith("; served by local"));
        JsonNode recorded = ResultPrinter.JSON.readTree(Files.readAllLines(dir.resolve("out/manifest.jsonl")).get(1));
        assertThat(texts(recorded.get("warnings"))).isEqualTo(batchWarnings);
    }
}
