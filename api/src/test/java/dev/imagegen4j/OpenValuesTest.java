package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenValuesTest {

    @Test
    void should_return_the_constant_for_a_known_value_ignoring_case_and_by_constant_name() {
        assertThat(Quality.of("XHIGH")).isSameAs(Quality.XHIGH);
        assertThat(Quality.of(" medium ")).isSameAs(Quality.MEDIUM);
        assertThat(ResponseFormat.of("B64_JSON")).isSameAs(ResponseFormat.B64_JSON);
        assertThat(OutputFormat.of("jpg")).isSameAs(OutputFormat.JPEG);
        assertThat(Complexity.of("high")).isSameAs(Complexity.HIGH);
    }

    @Test
    void should_accept_a_value_imagegen4j_has_never_heard_of_and_send_it_as_given() {
        Quality ultra = Quality.of("Ultra");

        assertThat(ultra.isKnown()).isFalse();
        assertThat(ultra.wireValue()).isEqualTo("Ultra");
        assertThat(ultra).isEqualTo(Quality.of("Ultra")).isNotEqualTo(Quality.HIGH);
        assertThat(ultra).hasToString("Ultra");
        assertThat(Quality.knownValues()).doesNotContain(ultra).contains(Quality.XHIGH, Quality.MAX);
        assertThat(Background.of("blurred").isKnown()).isFalse();
        assertThat(Moderation.of("strict").wireValue()).isEqualTo("strict");
        assertThat(Style.of("anime").isKnown()).isFalse();
        assertThat(InputFidelity.of("exact").isKnown()).isFalse();
    }

    @Test
    void should_know_the_2026_values() {
        assertThat(Quality.XHIGH.isKnown()).isTrue();
        assertThat(Quality.knownValues()).extracting(WireValue::wireValue)
                .containsExactly("auto", "low", "medium", "high", "xhigh", "max", "standard", "hd");
        assertThat(OutputFormat.knownValues()).extracting(WireValue::wireValue)
                .containsExactly("png", "jpeg", "webp", "svg", "gif");
    }

    @Test
    void should_describe_formats_including_new_and_unknown_ones() {
        assertThat(OutputFormat.SVG.mimeType()).isEqualTo("image/svg+xml");
        assertThat(OutputFormat.GIF.extension()).isEqualTo("gif");
        assertThat(OutputFormat.GIF.supportsCompression()).isFalse();
        assertThat(OutputFormat.JPEG.extension()).isEqualTo("jpg");
        OutputFormat avif = OutputFormat.of("avif");
        assertThat(avif.mimeType()).isEqualTo("image/avif");
        assertThat(avif.extension()).isEqualTo("avif");
        assertThat(avif.supportsTransparency()).isTrue();
        assertThat(OutputFormat.fromMimeType("image/svg+xml; charset=utf-8")).hasValue(OutputFormat.SVG);
        assertThat(OutputFormat.fromMimeType("image/avif")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "extra high", "x\ty", "a\u0001"})
    void should_refuse_blank_values_and_values_with_white_space_or_control_characters(String bad) {
        assertThatThrownBy(() -> Quality.of(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("quality");
    }

    @Test
    void should_refuse_null_and_over_long_values_naming_the_option() {
        assertThatThrownBy(() -> OutputFormat.of(null)).hasMessage("output format must not be null");
        assertThatThrownBy(() -> Background.of("x".repeat(65)))
                .hasMessage("background value of 65 characters: at most 64 are allowed");
    }
}
