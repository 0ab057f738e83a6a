package dev.imagegen4j;

/** How closely an edit keeps the features (faces, logos) of its reference images (gpt-image-1, gpt-image-1.5). */
public enum InputFidelity implements WireValue {
    /** {@code low} */
    LOW("low"),
    /** {@code high} */
    HIGH("high");

    private final String wire;

    InputFidelity(String wire) {
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
    public static InputFidelity of(String text) {
        return WireValue.parse(InputFidelity.class, "input fidelity", text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
