package dev.imagegen4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Opt-in retirements: what OpenAI answers for models it shut down, while gateways keep serving them. */
class RetirementsTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create(b -> b.enforceRetirements(true));

    private static Http.Reply generate(String base, String json) {
        return Http.postJson(base + "/images/generations", json, Http.bearer("k"));
    }

    @ParameterizedTest
    @CsvSource({"gpt-image-1,2026-10-23,gpt-image-2.5-flare", "gpt-image-1-2025-04-15,2026-10-23,gpt-image-2.5",
        "dall-e-3,2026-05-12,gpt-image-2", "dall-e-2,2026-05-12,gpt-image-2"})
    void should_answer_404_model_not_found_naming_date_and_successor_when_openai_shut_the_model_down(String model,
            String date, String successor) {
        Http.Reply r = generate(emu.emulator().baseUrl(Dialect.OPENAI), "{\"model\":\"" + model + "\",\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(404);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("model_not_found");
        assertThat(r.json().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(r.json().at("/error/message").asText()).startsWith("The model `" + model + "` has been deprecated")
                .contains(date).contains(successor);
    }

    @Test
    void should_refuse_the_dall_e_2_default_when_a_generation_names_no_model() {
        Http.Reply r = generate(emu.emulator().baseUrl(Dialect.OPENAI), "{\"prompt\":\"x\"}");

        assertThat(r.status).isEqualTo(404);
        assertThat(r.json().at("/error/message").asText()).contains("dall-e-2");
    }

    @Test
    void should_keep_serving_current_models_and_the_gateway_ids_of_shut_down_ones() {
        assertThat(generate(emu.emulator().baseUrl(Dialect.OPENAI), "{\"model\":\"gpt-image-1.5\",\"prompt\":\"x\","
                + "\"quality\":\"low\"}").status).isEqualTo(200);
        assertThat(generate(emu.emulator().baseUrl(Dialect.AIMLAPI), "{\"model\":\"openai/gpt-image-1\","
                + "\"prompt\":\"x\",\"quality\":\"low\"}").status).isEqualTo(200);
        assertThat(generate(emu.emulator().baseUrl(Dialect.AIMLAPI), "{\"model\":\"dall-e-3\",\"prompt\":\"x\"}")
                .status).isEqualTo(200);
    }

    @Test
    void should_serve_shut_down_models_when_retirements_are_not_enforced() {
        try (ImageApiEmulator lenient = ImageApiEmulator.start()) {
            Http.Reply r = generate(lenient.baseUrl(Dialect.OPENAI), "{\"model\":\"gpt-image-1\",\"prompt\":\"x\","
                    + "\"quality\":\"low\"}");

            assertThat(r.status).as(r.toString()).isEqualTo(200);
        }
    }
}
