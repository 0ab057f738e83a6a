package dev.imagegen4j.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for unknown keys and ids. */
public final class Suggestions {

    private Suggestions() {
    }

    /** The closest of {@code candidates} to {@code input}, if one is close enough to be a likely typo. */
    public static Optional<String> closest(String input, Collection<String> candidates) {
        String in = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(in, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int limit = in.length() <= 3 ? 1 : Math.max(2, in.length() / 3);
        boolean close = bestDistance <= limit && bestDistance < in.length();
        boolean samePrefix = in.length() >= 4 && commonPrefix(in, best.toLowerCase(Locale.ROOT)) >= 4;
        return close || samePrefix ? Optional.of(best) : Optional.empty();
    }

    /** The closest of {@code candidates} within {@code maxDistance} edits (ignoring case), if any. */
    public static Optional<String> within(String input, Collection<String> candidates, int maxDistance) {
        String in = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = maxDistance + 1;
        for (String c : candidates) {
            int d = distance(in, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** {@code "; did you mean 'x'?"} or the empty string. */
    public static String didYouMean(String input, Collection<String> candidates) {
        return closest(input, candidates).map(c -> "; did you mean '" + c + "'?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
