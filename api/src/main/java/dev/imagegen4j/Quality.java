package dev.imagegen4j;

/** Image quality. {@code standard} and {@code hd} are DALL·E 3 values; the gpt-image models take {@code low}, {@code medium}, {@code high} and {@code auto}. */
public enum Quality implements WireValue {
    /** {@code auto} */
    AUTO("auto"),
    /** {@code low} */
    LOW("low"),
    /** {@code medium} */
    MEDIUM("medium"),
    /** {@code high} */
    HIGH("high"),
    /** {@code standard} */
    STANDARD("standard"),
    /** {@code hd} */
    HD("hd");

    private final String wire;

    Quality(String wire) {
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
    public static Quality of(String text) {
        return WireValue.parse(Quality.class, "quality", text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
