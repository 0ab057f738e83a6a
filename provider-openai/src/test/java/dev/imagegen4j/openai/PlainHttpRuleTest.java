package dev.imagegen4j.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.testkit.EmulatorExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain http carries the API key in clear text, so it is allowed only to this machine's loopback, decided by the
 * parsed address: a host name that merely starts with {@code 127.} or {@code localhost} is an ordinary name.
 */
class PlainHttpRuleTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.evil.test/v1", "http://127.0.0.1.evil.test/v1", "http://localhost.evil.test/v1",
            "http://127.1/v1", "http://2130706433/v1", "http://0177.0.0.1/v1", "http://[::2]/v1",
            "http://[64:ff9b::7f00:1]/v1", "http://10.0.0.1/v1", "http://api.example.com/v1"})
    void should_refuse_plain_http_to_a_host_that_is_not_loopback_by_address(String baseUrl) {
        assertThatThrownBy(() -> OpenAiImageGenerator.builder().apiKey("sk-test-123456").baseUrl(baseUrl).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https is required except for loopback hosts")
                .hasMessageNotContaining("sk-test");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://127.0.0.1:{port}/v1", "http://localhost:{port}/v1", "http://LOCALHOST:{port}/v1"})
    void should_send_over_plain_http_to_loopback_by_address(String template) {
        String baseUrl = template.replace("{port}", String.valueOf(emu.emulator().port()));
        try (ImageGenerator openai = OpenAiImageGenerator.builder().apiKey("sk-test-123456").baseUrl(baseUrl).build()) {
            openai.generate(ImageRequest.builder().prompt("a lighthouse").build());
        }

        assertThat(emu.emulator().journal().posts()).hasSize(1);
    }
}
