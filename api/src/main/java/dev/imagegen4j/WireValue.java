package dev.imagegen4j;

/**
 * An option value with the exact string that goes on the wire ({@code "b64_json"}, {@code "jpeg"}).
 *
 * <p>Every option type ({@link Quality}, {@link OutputFormat}, {@link Background}, {@link Moderation},
 * {@link InputFidelity}, {@link ResponseFormat}, {@link Style}, {@link Complexity}) is an <em>open value</em> in
 * the style of the official OpenAI Java SDK's enums: constants for the values imagegen4j knows, and
 * {@code of(String)} for any other value, so a value a vendor ships tomorrow can be sent today. Whether a
 * particular model takes a value is decided by the {@link ModelCatalog}, never by these types.
 */
public interface WireValue {

    /** The value as it goes on the wire, e.g. {@code xhigh}. */
    String wireValue();

    /** Whether this is one of the type's constants (a value imagegen4j knew when it was released). */
    boolean isKnown();
}
