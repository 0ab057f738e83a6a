package dev.imagegen4j;

/** Background of the generated image (gpt-image models). {@code transparent} needs {@code png} or {@code webp} output. */
public enum Background implements WireValue {
    /** {@code auto} */
    AUTO("auto"),
    /** {@code transparent} */
    TRANSPARENT("transparent"),
    /** {@code opaque} */
    OPAQUE("opaque");

    private final String wire;

    Background(String wire) {
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
    public static Background of(String text) {
        return WireValue.parse(Background.class, "background", text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
