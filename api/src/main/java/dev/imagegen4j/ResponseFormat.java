package dev.imagegen4j;

import java.util.Set;

/**
 * How a DALL·E model (or a gateway) returns images. GPT Image models on OpenAI always return base64,
 * so this is never sent to them.
 *
 * <p>An open value: the constants are the values imagegen4j knows; {@link #of(String)} accepts any other value,
 * so a value a vendor ships after this release can be sent without waiting for one. Whether a model takes a
 * value is the {@link ModelCatalog}'s business. Instances are immutable; two are equal when their wire values are.
 */
public final class ResponseFormat extends OpenValue {

    private static final OpenValues<ResponseFormat> VALUES = new OpenValues<>("response format", ResponseFormat::new);

    /** {@code url}. */
    public static final ResponseFormat URL = VALUES.known("url");
    /** {@code b64_json}. */
    public static final ResponseFormat B64_JSON = VALUES.known("b64_json");

    private ResponseFormat(String wire, boolean known) {
        super(wire, known);
    }

    /**
     * The constant matching {@code text} (its wire value or constant name, ignoring case), or a new value that
     * is sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static ResponseFormat of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<ResponseFormat> knownValues() {
        return VALUES.knownValues();
    }
}
