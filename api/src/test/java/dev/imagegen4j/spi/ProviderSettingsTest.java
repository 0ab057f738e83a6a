package dev.imagegen4j.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderSettingsTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "1h, 3600000", "PT2S, 2000", "1.5, 1500", "0.25s, 250"})
    void should_parse_durations(String text, long millis) {
        ProviderSettings s = ProviderSettings.of(Map.of("timeout", text));

        assertThat(s.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void should_name_the_key_when_a_value_has_the_wrong_type() {
        ProviderSettings s = ProviderSettings.builder().name("backup")
                .put("timeout", "soon").put("retries", "two").put("strict", "yes").put("base-url", "not a url").build();

        assertThatThrownBy(() -> s.duration("timeout", Duration.ZERO)).hasMessage(
                "generator 'backup': setting 'timeout' must be a duration such as 10s, 500ms, 5m or PT10S (got 'soon')");
        assertThatThrownBy(() -> s.integer("retries", 0))
                .hasMessage("generator 'backup': setting 'retries' must be a whole number (got 'two')");
        assertThatThrownBy(() -> s.bool("strict", false))
                .hasMessage("generator 'backup': setting 'strict' must be true or false (got 'yes')");
        assertThatThrownBy(() -> s.uri("base-url"))
                .hasMessage("generator 'backup': setting 'base-url' must be a valid URL (got 'not a url')");
    }

    @Test
    void should_fail_with_the_key_when_a_required_setting_is_missing() {
        assertThatThrownBy(() -> ProviderSettings.empty().requireString("endpoint"))
                .hasMessage("setting 'endpoint' is required");
    }

    @Test
    void should_read_the_environment_only_when_passed_in() {
        assertThat(ProviderSettings.empty().env("PATH")).isEmpty();
        assertThat(ProviderSettings.builder().environment(Map.of("OPENAI_API_KEY", "k")).build().env("OPENAI_API_KEY"))
                .contains("k");
    }

    @Test
    void should_read_nested_string_maps() {
        ProviderSettings s = ProviderSettings.of(Map.of("deployments", Map.of("gpt-image-2", "img2-prod")));

        assertThat(s.stringMap("deployments")).containsExactly(Map.entry("gpt-image-2", "img2-prod"));
        assertThat(s.stringMap("absent")).isEmpty();
    }

    @Test
    void should_name_the_generator_in_errors_and_fall_back_to_the_environment_only_when_given() {
        ProviderSettings named = ProviderSettings.builder().name("backup")
                .environment(Map.of("X_KEY", "from-env")).build();

        assertThat(named.error("setting 'endpoint' is required")).hasMessage(
                "generator 'backup': setting 'endpoint' is required");
        assertThat(named.withName(new IllegalArgumentException("bad url"))).hasMessage("generator 'backup': bad url");
        IllegalArgumentException already = named.error("x");
        assertThat(named.withName(already)).isSameAs(already);
        assertThat(named.secretOrEnv("api-key", "X_KEY")).hasValueSatisfying(k -> assertThat(k.reveal()).isEqualTo("from-env"));
        assertThat(ProviderSettings.empty().secretOrEnv("api-key", "X_KEY")).isEmpty();
        assertThat(ProviderSettings.empty().error("plain")).hasMessage("plain");
    }
}
