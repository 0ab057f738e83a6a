package dev.imagegen4j.openai.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imagegen4j.spi.ProviderSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireSettingsTest {

    @Test
    void should_default_the_deadline_to_the_response_timeout_plus_five_minutes() {
        assertThat(Timeouts.DEFAULT.deadline()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Timeouts.DEFAULT.expectContinue()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Timeouts.DEFAULT.withHeaders(Duration.ofMinutes(30)).deadline()).isEqualTo(Duration.ofMinutes(35));
        assertThat(Timeouts.DEFAULT.withDeadline(Duration.ofMinutes(2)).withHeaders(Duration.ofMinutes(30)).deadline())
                .as("an explicit deadline stays").isEqualTo(Duration.ofMinutes(2));
        assertThat(WireSettings.timeouts(ProviderSettings.of(Map.of("response-timeout", "20m"))).deadline())
                .isEqualTo(Duration.ofMinutes(25));
    }

    @Test
    void should_read_deadline_and_expect_continue_timeout() {
        Timeouts t = WireSettings.timeouts(ProviderSettings.of(Map.of("deadline", "90s", "expect-continue-timeout",
                "750ms", "response-timeout", "1m")));

        assertThat(t.deadline()).isEqualTo(Duration.ofSeconds(90));
        assertThat(t.expectContinue()).isEqualTo(Duration.ofMillis(750));
        assertThat(t.headers()).isEqualTo(Duration.ofMinutes(1));
        assertThat(WireSettings.KEYS).contains("deadline", "expect-continue-timeout", "max-image-bytes");
    }

    @Test
    void should_reject_a_non_positive_deadline_naming_it() {
        assertThatThrownBy(() -> WireSettings.timeouts(ProviderSettings.of(Map.of("deadline", "0s"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadline must be positive");
    }

    @Test
    void should_read_max_image_bytes_as_a_number_or_a_size() {
        assertThat(WireSettings.maxImageBytes(ProviderSettings.empty())).isEqualTo(512L << 20);
        assertThat(WireSettings.maxImageBytes(ProviderSettings.of(Map.of("max-image-bytes", 1000)))).isEqualTo(1000);
        assertThat(WireSettings.maxImageBytes(ProviderSettings.of(Map.of("max-image-bytes", "64MiB"))))
                .isEqualTo(64L << 20);
        assertThat(WireSettings.maxImageBytes(ProviderSettings.of(Map.of("max-image-bytes", "2 GB"))))
                .isEqualTo(2_000_000_000L);
        assertThat(WireSettings.maxImageBytes(ProviderSettings.of(Map.of("max-image-bytes", "1.5kib"))))
                .isEqualTo(1536);
        assertThatThrownBy(() -> WireSettings.maxImageBytes(ProviderSettings.of(Map.of("max-image-bytes", "lots"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-image-bytes")
                .hasMessageContaining("lots");
        assertThatThrownBy(() -> WireSettings.maxImageBytes(ProviderSettings.of(Map.of("max-image-bytes", "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-image-bytes");
    }
}
