package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code imagegen mcp}'s options in-process: what is refused before anything listens or any generator opens. */
class McpCommandTest extends InProcessCliTest {

    @Test
    void should_refuse_a_non_loopback_address_without_a_token() {
        int code = run(Map.of(), "mcp", "--http", "--host", "0.0.0.0", "--port", "0");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("0.0.0.0").contains("IMAGEGEN4J_MCP_TOKEN").doesNotContain("emulator (offline");
        assertThat(out.size()).isZero();
    }

    @Test
    void should_refuse_a_short_token_without_printing_it() {
        int code = run(Map.of("IMAGEGEN4J_MCP_TOKEN", "hunter2-secret"), "mcp", "--http", "--host", "0.0.0.0");

        assertThat(code).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("IMAGEGEN4J_MCP_TOKEN").contains("at least 16").doesNotContain("hunter2");
    }

    @Test
    void should_refuse_out_of_range_options_naming_them() {
        assertThat(run(Map.of(), "mcp", "--preview", "4096", "--provider", "emulator")).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("--preview 4096").contains("512");
        assertThat(run(Map.of(), "mcp", "--wait", "0", "--provider", "emulator")).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("--wait 0");
        assertThat(run(Map.of(), "mcp", "--http", "--port", "70000")).isEqualTo(ExitCodes.CONFIG);
        assertThat(err()).contains("--port 70000");
        assertThat(out.size()).isZero();
    }

    @Test
    void should_refuse_an_output_directory_that_cannot_be_created() throws Exception {
        Files.writeString(dir.resolve("taken"), "a file");

        int code = run(Map.of(), "mcp", "--provider", "emulator", "--out", "taken/images");

        assertThat(code).isNotZero();
        assertThat(err()).contains("taken");
        assertThat(out.size()).isZero();
    }

    @Test
    void should_describe_itself_in_help() {
        assertThat(run(Map.of(), "mcp", "--help")).isZero();

        assertThat(out()).contains("--http").contains("--out").contains("--preview")
                .contains("IMAGEGEN4J_MCP_TOKEN").contains("generate_image");
    }

    @Test
    void should_serve_the_model_the_configuration_names() throws Exception {
        Files.writeString(dir.resolve("imagegen4j.yaml"), String.join("\n",
                "generators:",
                "  local: { provider: openai, api-key: sk-config-test-00000000, base-url: \"http://127.0.0.1:9/v1\","
                        + " model: gpt-image-2 }",
                "  plain: { provider: openai, api-key: sk-config-test-00000000, base-url: \"http://127.0.0.1:9/v1\" }",
                "routes:",
                "  main: { failover: [local], model: acme-image-1 }",
                "models:",
                "  acme-image-1: { like: gpt-image-2.6-flare }",
                "default: local", ""));
        Context ctx = new Context(Map.of(), dir, System.out, System.err, false);
        ConnectionOptions o = new ConnectionOptions();
        try (GeneratorChoice local = GeneratorChoice.resolve(o, ctx)) {
            assertThat(local.configuredModel).hasToString("gpt-image-2");
        }
        o.generator = "main";
        try (GeneratorChoice route = GeneratorChoice.resolve(o, ctx)) {
            assertThat(route.configuredModel).hasToString("acme-image-1");
            assertThat(route.catalog.find(dev.imagegen4j.ModelId.of("acme-image-1"))).isPresent();
        }
        o.generator = "plain";
        try (GeneratorChoice plain = GeneratorChoice.resolve(o, ctx)) {
            assertThat(plain.configuredModel).isNull();
        }
    }
}
