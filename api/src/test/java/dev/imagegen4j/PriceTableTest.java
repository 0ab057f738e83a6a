package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    @Test
    void should_estimate_from_the_text_and_image_split() {
        Usage usage = Usage.builder().inputTokens(1_050).inputTextTokens(50).inputImageTokens(1_000)
                .outputTokens(4_160).outputImageTokens(4_160).build();

        Cost cost = PriceTable.builtIn().estimate(ModelId.GPT_IMAGE_2, usage).orElseThrow();

        // 50 x 5 + 1000 x 8 + 4160 x 30 = 133,050 USD per million tokens
        assertThat(cost.amount()).isEqualByComparingTo(new BigDecimal("0.13305"));
        assertThat(cost.isEstimated()).isTrue();
        assertThat(cost.currency()).isEqualTo("USD");
    }

    @Test
    void should_resolve_snapshots_by_prefix_and_know_nothing_of_unknown_models() {
        Usage usage = Usage.builder().inputTokens(100).outputTokens(1000).build();

        assertThat(PriceTable.builtIn().estimate(ModelId.of("gpt-image-2-2026-04-21"), usage)).isPresent();
        assertThat(PriceTable.builtIn().estimate(ModelId.of("flux-pro"), usage)).isEmpty();
        assertThat(PriceTable.builtIn().estimate(ModelId.GPT_IMAGE_1, usage).orElseThrow().amount())
                .isEqualByComparingTo(new BigDecimal("0.0405"));
    }
}
