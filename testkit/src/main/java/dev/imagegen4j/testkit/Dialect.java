package dev.imagegen4j.testkit;

/**
 * The services the emulator speaks. Every dialect has its own routes, validation rules,
 * response fields and error body shape.
 *
 * <p>Which routes answer in which dialect:
 * <ul>
 *   <li>{@code /gemini/...} is always {@link #GEMINI}.</li>
 *   <li>{@code /openai/deployments/{deployment}/images/...?api-version=...} and
 *       {@code /openai/v1/images/...} are always {@link #AZURE}.</li>
 *   <li>{@code /aimlapi/v1/images/...} is always {@link #AIMLAPI}.</li>
 *   <li>{@code /v1/images/...} speaks the emulator's primary dialect, {@link #OPENAI} unless
 *       {@link ImageApiEmulator.Builder#dialect(Dialect)} chose {@link #AIMLAPI}. This lets a client
 *       that hard-codes {@code https://api.aimlapi.com/v1} be pointed at {@code baseUrl() + "/v1"}.</li>
 * </ul>
 * The dialect is thus chosen by the route, never guessed from a model id, so a request for a model the
 * dialect does not know is rejected the way that service rejects it.
 */
public enum Dialect {
    /** OpenAI's Images API ({@code api.openai.com/v1}). */
    OPENAI,
    /** Azure OpenAI: classic deployment routes and the v1 routes. */
    AZURE,
    /** AI/ML API ({@code api.aimlapi.com/v1}): {@code openai/...} model ids, flat error bodies. */
    AIMLAPI,
    /** Google Gemini {@code generateContent} under {@code /gemini} (Gemini API, Vertex AI and its express mode). */
    GEMINI,
    /** Replicate predictions at {@code /replicate/v1/...}: asynchronous jobs, problem-details errors. */
    REPLICATE,
    /** fal's queue at {@code /fal/queue/...} and its synchronous endpoint at {@code /fal/run/...}. */
    FAL,
    /** OpenRouter's chat completions with image output at {@code /openrouter/api/v1/chat/completions}. */
    OPENROUTER
}
