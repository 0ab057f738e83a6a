package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal file (one JSON line per request, for processes outside the JVM) and the request log. */
class JournalOutputTest {

    @TempDir
    Path dir;

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(Http.JSON.readTree(line));
        }
        return out;
    }

    @Test
    void should_write_one_flushed_json_line_per_request_without_secrets() throws Exception {
        Path file = dir.resolve("logs/journal.jsonl");
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (ImageApiEmulator emu = ImageApiEmulator.builder().journalFile(file).requestLog(log::add)
                .azureDeployment("img2-prod", "gpt-image-2").build()) {
            Http.Reply ok = Http.postJson(emu.baseUrl(Dialect.OPENAI) + "/images/generations",
                    "{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"x\",\"quality\":\"low\"}",
                    Http.bearer("sk-secret-key-123456"));
            Http.Reply bad = Http.postJson(emu.baseUrl(Dialect.OPENAI) + "/images/generations",
                    "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"size\":\"100x100\"}", Http.bearer("sk-secret-key-123456"));
            Http.Reply azure = Http.postJson(emu.baseUrl() + "/openai/deployments/img2-prod/images/generations"
                    + "?api-version=2025-04-01-preview", "{\"prompt\":\"x\",\"quality\":\"low\"}", "api-key",
                    "azure-secret-key-98765");
            Http.Reply unauthorized = Http.postJson(emu.baseUrl(Dialect.AIMLAPI) + "/images/generations", "{}");

            List<JsonNode> lines = lines(file); // read while the emulator runs: every line is flushed
            assertThat(lines).hasSize(4);
            JsonNode first = lines.get(0);
            assertThat(first.get("method").asText()).isEqualTo("POST");
            assertThat(first.get("path").asText()).isEqualTo("/v1/images/generations");
            assertThat(first.get("dialect").asText()).isEqualTo("openai");
            assertThat(first.get("model").asText()).isEqualTo("gpt-image-2.5-flare");
            assertThat(first.get("status").asInt()).isEqualTo(200);
            assertThat(first.get("request_id").asText()).isEqualTo(ok.header("x-request-id"));
            assertThat(first.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            assertThat(first.get("ms").asLong()).isNotNegative();
            assertThat(lines.get(1).get("status").asInt()).isEqualTo(bad.status).isEqualTo(400);
            assertThat(lines.get(1).get("outcome").asText()).isEqualTo("400 invalid_value (size)");
            assertThat(lines.get(2).get("dialect").asText()).isEqualTo("azure");
            assertThat(lines.get(2).get("model").asText()).isEqualTo("gpt-image-2");
            assertThat(lines.get(2).get("deployment").asText()).isEqualTo("img2-prod");
            assertThat(lines.get(2).get("request_id").asText()).isEqualTo(azure.header("apim-request-id"));
            assertThat(lines.get(3).get("status").asInt()).isEqualTo(unauthorized.status).isEqualTo(401);
            assertThat(lines.get(3).get("model").isNull()).isTrue();
            String text = Files.readString(file);
            assertThat(text).doesNotContain("secret").doesNotContain("authorization").doesNotContain("api-key");

            assertThat(log).hasSize(4);
            assertThat(log.get(0)).startsWith("openai POST /v1/images/generations model=gpt-image-2.5-flare -> 200 ")
                    .contains(" ms) " + ok.header("x-request-id"));
            assertThat(log.get(2)).contains("deployment=img2-prod").contains("-> 200");
            assertThat(String.join("\n", log)).doesNotContain("secret");
        }
    }

    @Test
    void should_append_across_emulators_and_survive_reset() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        for (int run = 0; run < 2; run++) {
            try (ImageApiEmulator emu = ImageApiEmulator.builder().journalFile(file).build()) {
                Http.postJson(emu.baseUrl(Dialect.OPENAI) + "/images/generations",
                        "{\"model\":\"gpt-image-2\",\"prompt\":\"x\",\"quality\":\"low\"}", Http.bearer("k"));
                emu.reset();
                assertThat(emu.journal().size()).isZero();
            }
        }

        assertThat(lines(file)).hasSize(2).allSatisfy(l -> assertThat(l.get("status").asInt()).isEqualTo(200));
    }

    @Test
    void should_record_connection_resets_with_status_zero() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        try (ImageApiEmulator emu = ImageApiEmulator.builder().journalFile(file).build()) {
            emu.enqueue(Fault.resetAfterBody());
            assertThatThrownBy(() -> Http.postJson(emu.baseUrl(Dialect.OPENAI) + "/images/generations",
                    "{\"model\":\"gpt-image-2\",\"prompt\":\"x\"}", Http.bearer("k")))
                    .isInstanceOf(UncheckedIOException.class);
            emu.journal().await(1, java.time.Duration.ofSeconds(5));
        }

        JsonNode line = lines(file).get(0);
        assertThat(line.get("status").asInt()).isZero();
        assertThat(line.get("outcome").asText()).isEqualTo("fault RESET_AFTER_BODY");
    }

    @Test
    void should_refuse_to_build_when_the_journal_file_cannot_be_opened() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> ImageApiEmulator.builder().journalFile(notADir.resolve("journal.jsonl")).build())
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("journal file")
                .hasMessageContaining("plain-file");
    }
}
