package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The emulator's deterministic token accounting (see {@link ImageApiEmulator} for the formula as documented
 * to users). All figures are integers so tests can assert equality.
 */
final class Usage {

    /** Output image tokens of one 1024x1024 image per quality; other sizes scale by pixel count. */
    static final int LOW_1024 = 272;
    static final int MEDIUM_1024 = 1056;
    static final int HIGH_1024 = 4160;
    static final int XHIGH_1024 = 6240;
    static final int MAX_1024 = 8320;
    /** Extra output tokens per streamed partial image. */
    static final int PER_PARTIAL = 100;

    final int textTokens;
    final int imageInputTokens;
    final int outputTokens;

    Usage(int textTokens, int imageInputTokens, int outputTokens) {
        this.textTokens = textTokens;
        this.imageInputTokens = imageInputTokens;
        this.outputTokens = outputTokens;
    }

    /**
     * @param inputImageSizes reference images (and a markup overlay); {@code null} entries count as 1024x1024
     * @param frames GIF frames (the sheet is {@code frames} images of {@code width x height}); 1 otherwise
     */
    static Usage of(String prompt, List<int[]> inputImageSizes, int width, int height, String quality, int n,
            int partials, int frames) {
        int text = textTokens(prompt);
        int image = 0;
        for (int[] wh : inputImageSizes) {
            image += inputImageTokens(wh == null ? 1024 : wh[0], wh == null ? 1024 : wh[1]);
        }
        int output = n * (outputImageTokens(width, (long) height * frames, quality) + partials * PER_PARTIAL);
        return new Usage(text, image, output);
    }

    /** The default id reported in {@code svg_usage.model} when the request names no {@code svg.model}. */
    static final String SVG_DEFAULT_MODEL = "emulator-svg-author";

    /**
     * The SVG authoring model's tokens: the prompt's text tokens in; out = ceil(document characters / 4) plus the
     * reasoning tokens of the effort ({@link #svgReasoningTokens}).
     */
    static Usage svg(String prompt, String document, String effort) {
        return new Usage(textTokens(prompt), 0, (document.length() + 3) / 4 + svgReasoningTokens(effort));
    }

    /** Reasoning tokens per {@code svg.reasoning.effort}: none, minimal or absent 0; low 64 ... max 4096. */
    static int svgReasoningTokens(String effort) {
        if (effort == null) {
            return 0;
        }
        switch (effort) {
            case "low": return 64;
            case "medium": return 256;
            case "high": return 1024;
            case "xhigh": return 2048;
            case "max": return 4096;
            default: return 0;
        }
    }

    /** ceil(code points / 4). */
    static int textTokens(String prompt) {
        if (prompt == null) {
            return 0;
        }
        int cp = prompt.codePointCount(0, prompt.length());
        return (cp + 3) / 4;
    }

    /** 65 + 129 per 512x512 tile of the input image. */
    static int inputImageTokens(int width, int height) {
        int tiles = ((width + 511) / 512) * ((height + 511) / 512);
        return 65 + 129 * tiles;
    }

    /** ceil(base(quality) * width * height / 1024²); standard counts as medium and hd as high. */
    static int outputImageTokens(int width, long height, String quality) {
        int base;
        switch (quality) {
            case "low":
                base = LOW_1024;
                break;
            case "high":
            case "hd":
                base = HIGH_1024;
                break;
            case "xhigh":
                base = XHIGH_1024;
                break;
            case "max":
                base = MAX_1024;
                break;
            default:
                base = MEDIUM_1024;
        }
        return (int) Math.ceil((double) base * width * height / (1024.0 * 1024.0));
    }

    int inputTokens() {
        return textTokens + imageInputTokens;
    }

    int totalTokens() {
        return inputTokens() + outputTokens;
    }

    /** {@code ImageGenUsage} (responses) with output details, or {@code ImagesUsage} (stream events) without. */
    void writeTo(ObjectNode usage, boolean withOutputDetails) {
        usage.put("total_tokens", totalTokens());
        usage.put("input_tokens", inputTokens());
        usage.put("output_tokens", outputTokens);
        usage.putObject("input_tokens_details").put("text_tokens", textTokens).put("image_tokens", imageInputTokens);
        if (withOutputDetails) {
            usage.putObject("output_tokens_details").put("image_tokens", outputTokens).put("text_tokens", 0);
        }
    }

    /** AI/ML API credits: 10 per input token + 40 per output token. */
    long credits() {
        return 10L * inputTokens() + 40L * outputTokens;
    }

    /** AI/ML API cost: credits / 2,000,000 USD, rounded to 6 decimals. */
    double usd() {
        return Math.round(credits() / 2.0) / 1_000_000.0;
    }
}
