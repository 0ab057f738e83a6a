package dev.imagegen4j.azure;

import java.util.Locale;

/** The two URL forms of Azure OpenAI's image endpoints. */
public enum AzureUrlStyle {

    /**
     * {@code {endpoint}/openai/deployments/{deployment}/images/{generations|edits}?api-version=...}: the
     * deployment is in the path and an api-version is required.
     */
    CLASSIC,

    /**
     * {@code {endpoint}/openai/v1/images/{generations|edits}}: the deployment name goes in the {@code model}
     * field; the api-version is optional. GA since August 2025; the form Microsoft documents for gpt-image-2
     * and for streaming.
     */
    V1;

    /**
     * Parses {@code classic} or {@code v1} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the allowed ones
     */
    public static AzureUrlStyle of(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        switch (v) {
            case "classic":
                return CLASSIC;
            case "v1":
                return V1;
            default:
                throw new IllegalArgumentException("url-style '" + value + "': must be classic or v1");
        }
    }
}
