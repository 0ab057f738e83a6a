package dev.imagegen4j;

import java.util.Set;

/**
 * A resolution tier: {@code 1K}, {@code 2K}, {@code 4K} (about 1, 4 and 16 megapixels; {@code 0.5K} on some
 * models). Gemini takes it as {@code imageSize}; vendors with sizes get the nearest size their model takes (see
 * {@link SizeRule#nearest}). An open value like the other options: {@link #of(String)} accepts any value.
 * Instances are immutable; two are equal when their wire values are.
 */
public final class ResolutionTier extends OpenValue {

    private static final OpenValues<ResolutionTier> VALUES = new OpenValues<>("resolution", ResolutionTier::new);

    /** {@code 0.5K}: about 512 x 512. */
    public static final ResolutionTier HALF_K = VALUES.known("0.5K");
    /** {@code 1K}: about 1024 x 1024. */
    public static final ResolutionTier ONE_K = VALUES.known("1K");
    /** {@code 2K}: about 2048 x 2048. */
    public static final ResolutionTier TWO_K = VALUES.known("2K");
    /** {@code 4K}: about 4096 x 4096 (capped by each model's largest size). */
    public static final ResolutionTier FOUR_K = VALUES.known("4K");

    private ResolutionTier(String wire, boolean known) {
        super(wire, known);
    }

    /**
     * The constant matching {@code text} ignoring case ({@code 2k} is {@code 2K}), or a new tier sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static ResolutionTier of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<ResolutionTier> knownValues() {
        return VALUES.knownValues();
    }

    /**
     * The pixel count this tier aims at: {@code (k x 1024)^2} for a tier written {@code kK}; 0 when the value has
     * another form.
     */
    public long targetPixels() {
        String w = wireValue().strip();
        if (w.length() < 2 || Character.toUpperCase(w.charAt(w.length() - 1)) != 'K') {
            return 0;
        }
        try {
            double k = Double.parseDouble(w.substring(0, w.length() - 1));
            return k <= 0 ? 0 : (long) (k * 1024 * k * 1024);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
