package dev.imagegen4j;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token prices per model, for estimating what a result cost when the vendor does not say. Prices are USD per
 * million tokens for text input, image input, image output and text output. The built-in table is the
 * {@code prices} of the built-in {@link ModelCatalog}'s data file: OpenAI's list prices as published (and restated
 * by gateways) in 2026, e.g. gpt-image-2 and GPT Image 2.5: 5 / 8 / 30. Vendors' prices change and Azure's differ
 * by region: treat the figures as estimates and override them (a catalog entry's {@code prices}, or
 * {@link #toBuilder()}). Unknown ids resolve by prefix like the {@link ModelCatalog}. Immutable and thread-safe.
 */
public final class PriceTable {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    /**
     * USD per million tokens.
     *
     * @param textInput   prompt tokens
     * @param imageInput  reference-image tokens
     * @param imageOutput generated-image tokens
     * @param textOutput  text output tokens
     */
    public record Prices(BigDecimal textInput, BigDecimal imageInput, BigDecimal imageOutput, BigDecimal textOutput) {

        /** Validates that no price is null or negative. */
        public Prices {
            for (BigDecimal p : new BigDecimal[] {textInput, imageInput, imageOutput, textOutput}) {
                Objects.requireNonNull(p, "price");
                if (p.signum() < 0) {
                    throw new IllegalArgumentException("price must not be negative: " + p);
                }
            }
        }

        /** From decimal strings. */
        public Prices(String textInput, String imageInput, String imageOutput, String textOutput) {
            this(new BigDecimal(textInput), new BigDecimal(imageInput), new BigDecimal(imageOutput),
                    new BigDecimal(textOutput));
        }
    }

    private final Map<ModelId, Prices> prices;

    private PriceTable(Map<ModelId, Prices> prices) {
        this.prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
    }

    /** The prices of the built-in catalog (see the class comment). */
    public static PriceTable builtIn() {
        return Holder.BUILT_IN;
    }

    private static final class Holder {
        static final PriceTable BUILT_IN = ModelCatalog.builtIn().prices();
    }

    /** An empty table builder. */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** A builder holding this table's prices. */
    public Builder toBuilder() {
        return new Builder(prices);
    }

    /** The prices of {@code model}: exact, or of the longest known id it extends ({@code gpt-image-2-...}). */
    public Optional<Prices> prices(ModelId model) {
        Prices exact = prices.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        ModelId best = null;
        for (ModelId known : prices.keySet()) {
            if (model.value().startsWith(known.value() + "-")
                    && (best == null || known.value().length() > best.value().length())) {
                best = known;
            }
        }
        return Optional.ofNullable(best).map(prices::get);
    }

    /**
     * The estimated cost of {@code usage} on {@code model}; empty when the model has no prices. Input
     * tokens without a text/image split count as text.
     */
    public Optional<Cost> estimate(ModelId model, Usage usage) {
        return prices(model).map(p -> {
            long text = usage.inputTextTokens();
            long image = usage.inputImageTokens();
            if (text + image == 0) {
                text = usage.inputTokens();
            }
            long imageOut = usage.outputImageTokens();
            long textOut = usage.outputTextTokens();
            if (imageOut + textOut == 0) {
                imageOut = usage.outputTokens();
            }
            BigDecimal usd = p.textInput().multiply(BigDecimal.valueOf(text))
                    .add(p.imageInput().multiply(BigDecimal.valueOf(image)))
                    .add(p.imageOutput().multiply(BigDecimal.valueOf(imageOut)))
                    .add(p.textOutput().multiply(BigDecimal.valueOf(textOut)))
                    .divide(MILLION, MathContext.DECIMAL64);
            return Cost.estimated(usd.stripTrailingZeros(), "USD");
        });
    }

    /** Builds a {@link PriceTable}; not thread-safe. */
    public static final class Builder {
        private final Map<ModelId, Prices> prices;

        private Builder(Map<ModelId, Prices> prices) {
            this.prices = new LinkedHashMap<>(prices);
        }

        /** Sets the prices of {@code model}. */
        public Builder put(ModelId model, Prices p) {
            prices.put(Objects.requireNonNull(model, "model"), Objects.requireNonNull(p, "prices"));
            return this;
        }

        /** The table. */
        public PriceTable build() {
            return new PriceTable(prices);
        }
    }
}
