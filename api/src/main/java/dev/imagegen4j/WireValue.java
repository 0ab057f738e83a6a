package dev.imagegen4j;

/**
 * An option value with the exact string that goes on the wire ({@code "b64_json"}, {@code "jpeg"}).
 * Implemented by the option enums so that error messages and providers use one spelling.
 */
public interface WireValue {

    /** The value as the OpenAI Images API spells it. */
    String wireValue();

    /**
     * Parses {@code text} (case-insensitive, by wire value or constant name) into a constant of {@code type}.
     *
     * @throws IllegalArgumentException naming the option, the value and the allowed values
     */
    static <E extends Enum<E> & WireValue> E parse(Class<E> type, String option, String text) {
        if (text == null) {
            throw new IllegalArgumentException(option + " must not be null");
        }
        String t = text.strip();
        for (E e : type.getEnumConstants()) {
            if (e.wireValue().equalsIgnoreCase(t) || e.name().equalsIgnoreCase(t)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (allowed.length() > 0) {
                allowed.append(", ");
            }
            allowed.append(e.wireValue());
        }
        throw new IllegalArgumentException(option + " '" + text + "' is not one of: " + allowed);
    }
}
