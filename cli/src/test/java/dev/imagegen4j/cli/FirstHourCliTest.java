package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.ImageApiEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Friction of the first hour (issue "Distribution and the first hour"), one test per item, in-process. */
class FirstHourCliTest extends InProcessCliTest {

    private static final String KEY = "sk-first-hour-000000000";
    private static ImageApiEmulator emu;

    @BeforeAll
    static void start() {
        emu = ImageApiEmulator.start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.reset();
    }

    @Test
    void should_not_let_an_unset_variable_of_an_unused_generator_break_other_commands() throws Exception {
        Files.writeString(dir.resolve("imagegen4j.yaml"), """
                default: local
                generators:
                  local: { provider: openai, api-key: "%s", base-url: "%s/v1" }
                  azure:
                    provider: azure
                    endpoint: https://contoso.openai.azure.com
                    api-key: ${AZURE_OPENAI_API_KEY}
                    deployments: { gpt-image-2: img2-prod }
                """.formatted(KEY, emu.baseUrl()));

        assertThat(run(Map.of(), "providers")).as(err()).isZero();
        assertThat(out()).contains("generator local  provider openai")
                .contains("generator azure  provider azure  (cannot open yet: ").contains("imagegen4j.yaml line 7 "
                        + "(generators.azure.api-key): environment variable AZURE_OPENAI_API_KEY is not set)");
        assertThat(run(Map.of(), "generate", "a fox", "-o", "fox.png")).as(err()).isZero();
        assertThat(emu.journal().posts()).hasSize(1);

        err.reset();
        assertThat(run(Map.of(), "generate", "a fox", "--generator", "azure")).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("environment variable AZURE_OPENAI_API_KEY is not set");
        assertThat(emu.journal().posts()).hasSize(1);
    }

    private void config() throws Exception {
        Files.writeString(dir.resolve("imagegen4j.yaml"), """
                generators:
                  local: { provider: openai, api-key: "%s", base-url: "%s/v1" }
                """.formatted(KEY, emu.baseUrl()));
    }

    @Test
    void should_print_a_stack_trace_with_verbose_given_after_the_subcommand() throws Exception {
        config();
        emu.enqueue(dev.imagegen4j.testkit.Fault.malformedJson());

        assertThat(run(Map.of(), "generate", "a fox", "--verbose")).isEqualTo(ExitCodes.UNKNOWN_OUTCOME);
        assertThat(err()).contains("dev.imagegen4j.ResultUnknownException").contains("\tat ");
    }

    @Test
    void should_answer_a_usage_error_with_json_on_stdout_when_json_was_asked() {
        assertThat(run(Map.of(), "generate", "a fox", "--colour", "red", "--json")).isEqualTo(ExitCodes.USAGE);
        assertThat(out()).startsWith("{\"error\":").contains("\"exitCode\":2").contains("Unknown option");
        assertThat(err()).contains("Unknown option");
    }

    @Test
    void should_take_the_same_output_flags_on_every_command() throws Exception {
        config();
        assertThat(run(Map.of(), "generate", "a fox", "--out", "a/")).as(err()).isZero();
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"x\", \"prompt\": \"a fox\"}\n");
        assertThat(run(Map.of(), "batch", "jobs.jsonl", "-o", "b")).as(err()).isZero();
        assertThat(run(Map.of(), "models", "--json")).isZero();
        assertThat(run(Map.of(), "providers", "--json")).isZero();
        assertThat(Files.list(dir.resolve("a")).count()).isEqualTo(1);
        assertThat(dir.resolve("b/x.png")).exists();
        assertThat(out().lines().filter(l -> l.startsWith("{\"providers\":")).findFirst()).isPresent();
    }

    @Test
    void should_keep_the_help_within_80_columns_without_breaking_the_exit_code_list() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
        assertThat(out()).contains("   6 rate limited or unavailable  130 interrupted");
    }

    @Test
    void should_check_every_batch_line_against_the_generator_before_sending_any() throws Exception {
        config();
        StringBuilder jobs = new StringBuilder();
        for (int i = 1; i <= 8; i++) {
            jobs.append("{\"id\": \"j").append(i).append("\", \"prompt\": \"a fox\"}\n");
        }
        jobs.append("{\"id\": \"j9\", \"prompt\": \"a fox\", \"model\": \"gpt-image-2\", \"size\": \"1000x1000\"}\n");
        Files.writeString(dir.resolve("jobs.jsonl"), jobs.toString());

        assertThat(run(Map.of(), "batch", "jobs.jsonl", "--out", "out")).isEqualTo(ExitCodes.INVALID_REQUEST);
        assertThat(err()).contains("1 job(s) would be refused").contains("jobs.jsonl line 9 (id 'j9'): size 1000x1000");
        assertThat(emu.journal().posts()).isEmpty();
    }

    @Test
    void should_show_the_exact_requests_and_cost_of_a_dry_run_and_send_and_write_nothing() throws Exception {
        config();
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a fox\", \"n\": 2}\n"
                + "{\"id\": \"b\", \"prompt\": \"an owl\", \"model\": \"gpt-image-2.6-flare\", \"format\": \"gif\", "
                + "\"params\": {\"frame_count\": 4}}\n");

        assertThat(run(Map.of(), "generate", "a fox", "--quality", "low", "-o", "new/fox.png", "--dry-run")).as(err())
                .isZero();
        assertThat(out()).contains("POST " + emu.baseUrl() + "/v1/images/generations")
                .contains("Authorization: Bearer ***").contains("\"quality\" : \"low\"").contains("estimated cost: ~")
                .doesNotContain(KEY);
        out.reset();
        assertThat(run(Map.of(), "batch", "jobs.jsonl", "--out", "out", "--dry-run", "--json")).as(err()).isZero();
        com.fasterxml.jackson.databind.JsonNode plan = ResultPrinter.JSON.readTree(out());
        assertThat(plan.get("jobs")).hasSize(2);
        assertThat(plan.at("/jobs/1/requests/0/body").asText()).contains("\"frame_count\" : 4");
        assertThat(plan.get("estimatedCostUsd").asText()).isNotBlank();
        assertThat(out()).doesNotContain(KEY);
        assertThat(emu.journal().posts()).isEmpty();
        assertThat(dir.resolve("new")).doesNotExist();
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(run(Map.of(), "generate", "a fox", "--model", "gpt-image-2", "--quality", "xhigh", "--dry-run"))
                .isEqualTo(ExitCodes.INVALID_REQUEST);
    }

    @Test
    void should_label_the_cost_of_an_emulator_image_as_the_real_vendors_price() throws Exception {
        assertThat(run(Map.of(), "generate", "a fox", "-o", "fox.png")).as(err()).isZero();
        assertThat(out()).contains("at the real vendor's list prices (the emulator charges nothing)");

        // the same for a batch's summary, and for --provider ID run offline against the emulator's endpoint
        Files.writeString(dir.resolve("jobs.jsonl"), "{\"id\": \"a\", \"prompt\": \"a fox\"}\n");
        captureStreams();
        assertThat(run(Map.of(), "batch", "jobs.jsonl", "--out", "out")).as(err()).isZero();
        assertThat(out()).contains("batch: 1 done").contains("USD at the real vendor's list prices (the emulator "
                + "charges nothing)");
        captureStreams();
        assertThat(run(Map.of(), "generate", "a fox", "--provider", "google", "-o", "g.png")).as(err()).isZero();
        assertThat(out()).contains("emulator via google").contains("(the emulator charges nothing)");
    }

    @Test
    void should_run_the_samples_in_the_repository() throws Exception {
        Path samples = Path.of("..", "samples").toAbsolutePath().normalize();
        assertThat(run(Map.of(), "edit", "replace the sky with stars", "--image", samples.resolve("cat.png").toString(),
                "--mask", samples.resolve("sky-mask.png").toString(), "-o", "starry.png")).as(err()).isZero();
        out.reset();
        assertThat(run(Map.of(), "batch", samples.resolve("jobs.jsonl").toString(), "--out", "renders", "--dry-run"))
                .as(err()).isZero();
        assertThat(out()).contains("4 jobs; estimated cost");
        assertThat(run(Map.of("OPENAI_API_KEY", "k", "AZURE_OPENAI_API_KEY", "k"), "generate", "a fox", "--config",
                samples.resolve("imagegen4j.yaml").toString(), "--dry-run")).as(err()).isZero();
    }
}
