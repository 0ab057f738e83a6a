package dev.imagegen4j.google;

import java.util.Locale;

/** Which Google service a {@link GoogleImageGenerator} calls. */
public enum GoogleUrlStyle {

    /**
     * The Gemini API: {@code {base}/v1beta/models/{model}:generateContent} with the key in {@code x-goog-api-key};
     * base {@code https://generativelanguage.googleapis.com}.
     */
    GEMINI,

    /**
     * Vertex AI: {@code {base}/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent}
     * with an OAuth access token (base {@code https://{location}-aiplatform.googleapis.com}, or
     * {@code https://aiplatform.googleapis.com} for location {@code global}); or, in express mode (an API key and no
     * project), {@code {base}/v1/publishers/google/models/{model}:generateContent} with the key in
     * {@code x-goog-api-key}.
     */
    VERTEX;

    /**
     * Parses {@code gemini} or {@code vertex}, ignoring case.
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static GoogleUrlStyle of(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "gemini":
                return GEMINI;
            case "vertex":
                return VERTEX;
            default:
                throw new IllegalArgumentException("url-style '" + text + "': expected gemini or vertex");
        }
    }
}
