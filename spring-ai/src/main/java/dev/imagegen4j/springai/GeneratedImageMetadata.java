package dev.imagegen4j.springai;

import org.springframework.ai.image.ImageGenerationMetadata;

/** Per-image metadata: the prompt the vendor revised it to, and its MIME type. Immutable. */
public final class GeneratedImageMetadata implements ImageGenerationMetadata {

    private final String revisedPrompt;
    private final String mimeType;

    GeneratedImageMetadata(String revisedPrompt, String mimeType) {
        this.revisedPrompt = revisedPrompt;
        this.mimeType = mimeType;
    }

    /** The prompt as the vendor revised it, or null. */
    public String getRevisedPrompt() {
        return revisedPrompt;
    }

    /** The image's MIME type, e.g. {@code image/png}. */
    public String getMimeType() {
        return mimeType;
    }

    @Override
    public String toString() {
        return "GeneratedImageMetadata[" + mimeType + (revisedPrompt == null ? "" : ", revised prompt") + "]";
    }
}
