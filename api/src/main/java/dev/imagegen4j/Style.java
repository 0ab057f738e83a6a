package dev.imagegen4j;

/** DALL·E 3 style. Never sent to gpt-image models. */
public enum Style implements WireValue {
    /** {@code vivid} */
    VIVID("vivid"),
    /** {@code natural} */
    NATURAL("natural");

    private final String wire;

    Style(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireValue() {
        return wire;
    }

    /**
     * Parses a wire value or constant name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the allowed values
     */
    public static Style of(String text) {
        return WireValue.parse(Style.class, "style", text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
