package dev.imagegen4j;

/** Content moderation level for gpt-image generations. */
public enum Moderation implements WireValue {
    /** {@code auto} */
    AUTO("auto"),
    /** {@code low} */
    LOW("low");

    private final String wire;

    Moderation(String wire) {
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
    public static Moderation of(String text) {
        return WireValue.parse(Moderation.class, "moderation", text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
