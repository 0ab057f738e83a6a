package dev.imagegen4j;

import java.util.Set;

/**
 * Image quality. The GPT Image models take {@code low}, {@code medium}, {@code high} and {@code auto};
 * GPT Image 2.5 and later add {@code xhigh} and {@code max}; DALL·E 3 takes {@code standard} and {@code hd}.
 *
 * <p>An open value: the constants are the values imagegen4j knows; {@link #of(String)} accepts any other value,
 * so a value a vendor ships after this release can be sent without waiting for one. Whether a model takes a
 * value is the {@link ModelCatalog}'s business. Instances are immutable; two are equal when their wire values are.
 */
public final class Quality extends OpenValue {

    private static final OpenValues<Quality> VALUES = new OpenValues<>("quality", Quality::new);

    /** {@code auto}: the vendor picks. */
    public static final Quality AUTO = VALUES.known("auto");
    /** {@code low}. */
    public static final Quality LOW = VALUES.known("low");
    /** {@code medium}. */
    public static final Quality MEDIUM = VALUES.known("medium");
    /** {@code high}. */
    public static final Quality HIGH = VALUES.known("high");
    /** {@code xhigh}: GPT Image 2.5 and later. */
    public static final Quality XHIGH = VALUES.known("xhigh");
    /** {@code max}: GPT Image 2.5 and later. */
    public static final Quality MAX = VALUES.known("max");
    /** {@code standard}: DALL·E. */
    public static final Quality STANDARD = VALUES.known("standard");
    /** {@code hd}: DALL·E 3. */
    public static final Quality HD = VALUES.known("hd");

    private Quality(String wire, boolean known) {
        super(wire, known);
    }

    /**
     * The constant matching {@code text} (its wire value or constant name, ignoring case), or a new value that
     * is sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static Quality of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<Quality> knownValues() {
        return VALUES.knownValues();
    }
}
