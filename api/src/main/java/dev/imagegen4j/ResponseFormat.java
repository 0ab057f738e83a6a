package dev.imagegen4j;

/** How a DALL·E model returns images. gpt-image models always return base64, so this is never sent to them. */
public enum ResponseFormat implements WireValue {
    /** {@code url} */
    URL("url"),
    /** {@code b64_json} */
    B64_JSON("b64_json");

    private final String wire;

    ResponseFormat(String wire) {
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
    public static ResponseFormat of(String text) {
        return WireValue.parse(ResponseFormat.class, "response format", text);
    }

    @Override
    public String toString() {
        return wire;
    }
}
