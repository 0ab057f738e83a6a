package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imagegen emulator --journal FILE} as a separate process: another process counts what was answered. */
class EmulatorProcessIT {

    @TempDir
    Path dir;

    @Test
    void should_let_another_process_count_answered_requests_from_the_journal_file() throws Exception {
        Path jar = Path.of(System.getProperty("imagegen.jar", "target/imagegen.jar"));
        assertThat(jar).as("the shaded CLI jar (built by mvn package)").exists();
        Path journal = dir.resolve("journal.jsonl");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "emulator", "--port", "0", "--journal", journal.toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(dir.resolve("stderr.log").toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertThat(first).startsWith("emulator listening on http://127.0.0.1:");
            String base = first.substring("emulator listening on ".length()).strip();
            HttpClient http = HttpClient.newHttpClient();
            int ok = 0;
            for (String body : List.of("{\"model\":\"gpt-image-2.5-flare\",\"prompt\":\"a\",\"quality\":\"low\"}",
                    "{\"model\":\"gpt-image-2.6-sunburst\",\"prompt\":\"b\",\"quality\":\"low\"}",
                    "{\"model\":\"gpt-image-2\",\"prompt\":\"c\",\"quality\":\"xhigh\"}")) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/images/generations"))
                        .header("authorization", "Bearer k").header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                ok += r.statusCode() == 200 ? 1 : 0;
            }

            ObjectMapper json = new ObjectMapper();
            long paid = 0;
            for (String line : Files.readAllLines(journal)) { // read while the emulator still runs
                JsonNode entry = json.readTree(line);
                paid += entry.get("method").asText().equals("POST") && entry.get("status").asInt() == 200 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(2);
            assertThat(paid).isEqualTo(2);
            assertThat(Files.readAllLines(journal)).hasSize(3);
        } finally {
            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
        assertThat(Files.readString(dir.resolve("stderr.log"))).contains("model=gpt-image-2.5-flare -> 200")
                .contains("model=gpt-image-2 -> 400 invalid_value (quality)");
    }
}
