package dev.imagegen4j;

/**
 * Token usage of one call as the vendor reported it, with the text/image split of input and output.
 * Fields the vendor did not report are 0. Immutable and thread-safe.
 */
public final class Usage {

    /** No usage reported. */
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, 0);

    private final long inputTokens;
    private final long inputTextTokens;
    private final long inputImageTokens;
    private final long outputTokens;
    private final long outputTextTokens;
    private final long outputImageTokens;
    private final long totalTokens;

    private Usage(long inputTokens, long inputTextTokens, long inputImageTokens, long outputTokens,
            long outputTextTokens, long outputImageTokens, long totalTokens) {
        this.inputTokens = inputTokens;
        this.inputTextTokens = inputTextTokens;
        this.inputImageTokens = inputImageTokens;
        this.outputTokens = outputTokens;
        this.outputTextTokens = outputTextTokens;
        this.outputImageTokens = outputImageTokens;
        this.totalTokens = totalTokens;
    }

    /**
     * The usage {@code request} is expected to have, before it is sent (output tokens from the size and quality, input
     * tokens from the prompt and reference images; GPT Image figures, erring high). For quotas and dry runs; a vendor's
     * reported usage is the truth.
     */
    public static Usage estimate(ImageRequest request) {
        return UsageEstimate.of(request, null);
    }

    /**
     * The usage {@code request} is expected to have on a model with {@code capabilities}: as {@link #estimate(ImageRequest)},
     * except that a model billed per image by resolution tier ({@link ModelCapabilities#imageOutputTokens()}, e.g.
     * Gemini: 1,120 tokens at 1K and 2K, 2,000 at 4K) is estimated from its tier (the request's, else 1K).
     */
    public static Usage estimate(ImageRequest request, ModelCapabilities capabilities) {
        return UsageEstimate.of(request, java.util.Objects.requireNonNull(capabilities, "capabilities"));
    }

    /** A builder with every count 0. */
    public static Builder builder() {
        return new Builder();
    }

    /** All input tokens (text + image). */
    public long inputTokens() {
        return inputTokens;
    }

    /** Input tokens of the prompt. */
    public long inputTextTokens() {
        return inputTextTokens;
    }

    /** Input tokens of reference images. */
    public long inputImageTokens() {
        return inputImageTokens;
    }

    /** All output tokens. */
    public long outputTokens() {
        return outputTokens;
    }

    /** Output text tokens (usually 0). */
    public long outputTextTokens() {
        return outputTextTokens;
    }

    /** Output image tokens. */
    public long outputImageTokens() {
        return outputImageTokens;
    }

    /** Total tokens as reported, or input + output when the vendor gave no total. */
    public long totalTokens() {
        return totalTokens;
    }

    /** The sum of this and {@code other} (several calls merged into one result). */
    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, inputTextTokens + other.inputTextTokens,
                inputImageTokens + other.inputImageTokens, outputTokens + other.outputTokens,
                outputTextTokens + other.outputTextTokens, outputImageTokens + other.outputImageTokens,
                totalTokens + other.totalTokens);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Usage)) {
            return false;
        }
        Usage u = (Usage) o;
        return inputTokens == u.inputTokens && inputTextTokens == u.inputTextTokens
                && inputImageTokens == u.inputImageTokens && outputTokens == u.outputTokens
                && outputTextTokens == u.outputTextTokens && outputImageTokens == u.outputImageTokens
                && totalTokens == u.totalTokens;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(inputTokens, inputTextTokens, inputImageTokens, outputTokens, outputTextTokens,
                outputImageTokens, totalTokens);
    }

    @Override
    public String toString() {
        return "Usage[input=" + inputTokens + " (text " + inputTextTokens + ", image " + inputImageTokens
                + "), output=" + outputTokens + " (text " + outputTextTokens + ", image " + outputImageTokens
                + "), total=" + totalTokens + "]";
    }

    /** Builds a {@link Usage}; not thread-safe. */
    public static final class Builder {
        private long inputTokens;
        private long inputTextTokens;
        private long inputImageTokens;
        private long outputTokens;
        private long outputTextTokens;
        private long outputImageTokens;
        private long totalTokens = -1;

        private Builder() {
        }

        /** All input tokens. */
        public Builder inputTokens(long v) {
            inputTokens = nonNegative("input tokens", v);
            return this;
        }

        /** Prompt tokens. */
        public Builder inputTextTokens(long v) {
            inputTextTokens = nonNegative("input text tokens", v);
            return this;
        }

        /** Reference-image tokens. */
        public Builder inputImageTokens(long v) {
            inputImageTokens = nonNegative("input image tokens", v);
            return this;
        }

        /** All output tokens. */
        public Builder outputTokens(long v) {
            outputTokens = nonNegative("output tokens", v);
            return this;
        }

        /** Output text tokens. */
        public Builder outputTextTokens(long v) {
            outputTextTokens = nonNegative("output text tokens", v);
            return this;
        }

        /** Output image tokens. */
        public Builder outputImageTokens(long v) {
            outputImageTokens = nonNegative("output image tokens", v);
            return this;
        }

        /** The reported total; defaults to input + output. */
        public Builder totalTokens(long v) {
            totalTokens = nonNegative("total tokens", v);
            return this;
        }

        private static long nonNegative(String what, long v) {
            if (v < 0) {
                throw new IllegalArgumentException(what + " must not be negative: " + v);
            }
            return v;
        }

        /** The usage. */
        public Usage build() {
            long total = totalTokens >= 0 ? totalTokens : inputTokens + outputTokens;
            return new Usage(inputTokens, inputTextTokens, inputImageTokens, outputTokens, outputTextTokens,
                    outputImageTokens, total);
        }
    }
}
