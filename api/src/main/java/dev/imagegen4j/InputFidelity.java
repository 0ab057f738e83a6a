package dev.imagegen4j;

import java.util.Set;

/**
 * How closely an edit keeps the features (faces, logos) of its reference images.
 *
 * <p>An open value: the constants are the values imagegen4j knows; {@link #of(String)} accepts any other value,
 * so a value a vendor ships after this release can be sent without waiting for one. Whether a model takes a
 * value is the {@link ModelCatalog}'s business. Instances are immutable; two are equal when their wire values are.
 */
public final class InputFidelity extends OpenValue {

    private static final OpenValues<InputFidelity> VALUES = new OpenValues<>("input fidelity", InputFidelity::new);

    /** {@code low}. */
    public static final InputFidelity LOW = VALUES.known("low");
    /** {@code high}. */
    public static final InputFidelity HIGH = VALUES.known("high");

    private InputFidelity(String wire, boolean known) {
        super(wire, known);
    }

    /**
     * The constant matching {@code text} (its wire value or constant name, ignoring case), or a new value that
     * is sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static InputFidelity of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<InputFidelity> knownValues() {
        return VALUES.knownValues();
    }
}
