package dev.imagegen4j;

import java.util.Set;

/**
 * How much detail GPT Image 2.6 and later put into an image, separate from quality: {@code low},
 * {@code medium}, {@code high} (the vendor's default). Higher adds latency, not cost; for SVG output it controls
 * the reference raster.
 *
 * <p>An open value: the constants are the values imagegen4j knows; {@link #of(String)} accepts any other value,
 * so a value a vendor ships after this release can be sent without waiting for one. Whether a model takes a
 * value is the {@link ModelCatalog}'s business. Instances are immutable; two are equal when their wire values are.
 */
public final class Complexity extends OpenValue {

    private static final OpenValues<Complexity> VALUES = new OpenValues<>("complexity", Complexity::new);

    /** {@code low}. */
    public static final Complexity LOW = VALUES.known("low");
    /** {@code medium}. */
    public static final Complexity MEDIUM = VALUES.known("medium");
    /** {@code high}. */
    public static final Complexity HIGH = VALUES.known("high");

    private Complexity(String wire, boolean known) {
        super(wire, known);
    }

    /**
     * The constant matching {@code text} (its wire value or constant name, ignoring case), or a new value that
     * is sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static Complexity of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<Complexity> knownValues() {
        return VALUES.knownValues();
    }
}
