package dev.imagegen4j.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Verdicts of measured figures against targets of the form "at most B": pure functions, tested on
 * synthetic inputs ({@code JudgeTest}).
 *
 * <p>A figure is never a single number. Timed and allocation figures are a {@link Spread} of independent
 * samples (one per fork, or one per round of interleaved forks for a ratio); heap figures are an interval
 * that bisection narrowed down to its resolution. The rule is the same for both: <b>PASS</b> when the whole
 * spread is at or under the bound, <b>MISS</b> when the whole spread is over it, <b>UNDECIDED</b> when the
 * spread straddles it (more forks, rounds or a finer bisection, on a quieter machine, may decide it).
 *
 * <p>Samples decide only when there are at least {@link #MIN_SAMPLES} of them. This is a sign test: if the
 * true median of the sampled figure is over the bound, all n independent samples land at or under it with
 * probability at most 2<sup>-n</sup> (and the same for a MISS of a figure that is in fact under), so a
 * verdict from 4 samples is wrong at most 1 time in 16 for a figure right at the bound, far less often for
 * one away from it, while one from a single fork means nothing. With fewer samples the verdict is
 * UNDECIDED whatever the figure.
 */
final class Judge {

    /** The fewest samples (forks or rounds) that decide a verdict. */
    static final int MIN_SAMPLES = 4;

    private Judge() {
    }

    /** The outcome of one target. */
    enum Verdict {
        PASS, MISS, UNDECIDED,
        /** The target does not apply to this run (e.g. every peer fails the workload). */
        NA
    }

    /** Samples of one figure: median, lowest and highest, and how many. */
    static final class Spread {
        final double median;
        final double min;
        final double max;
        final int count;
        /** Independent samples (subject to {@link #MIN_SAMPLES}), or the bounds of a bisection. */
        final boolean sampled;

        Spread(double median, double min, double max, int count) {
            this(median, min, max, count, true);
        }

        private Spread(double median, double min, double max, int count, boolean sampled) {
            if (count < 1 || !(min <= median) || !(median <= max)) {
                throw new IllegalArgumentException("not a spread: median " + median + " in [" + min + ", " + max
                        + "] of " + count);
            }
            this.median = median;
            this.min = min;
            this.max = max;
            this.count = count;
            this.sampled = sampled;
        }

        /** The spread of {@code samples} (NaN samples are dropped); null when none is left. */
        static Spread of(List<Double> samples) {
            List<Double> s = new ArrayList<>();
            for (Double d : samples) {
                if (d != null && !d.isNaN()) {
                    s.add(d);
                }
            }
            if (s.isEmpty()) {
                return null;
            }
            Collections.sort(s);
            int n = s.size();
            double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
            return new Spread(median, s.get(0), s.get(n - 1), n);
        }

        /** An interval known only by its bounds (a bisection), with a point estimate inside it. */
        static Spread interval(double low, double point, double high) {
            return new Spread(point, Math.min(low, point), Math.max(high, point), 2, false);
        }

        Spread times(double factor) {
            return new Spread(median * factor, min * factor, max * factor, count, sampled);
        }
    }

    /** The verdict of "at most {@code bound}". */
    static Verdict atMost(Spread s, double bound) {
        if (s == null) {
            return Verdict.NA;
        }
        if (s.sampled && s.count < MIN_SAMPLES) {
            return Verdict.UNDECIDED;
        }
        if (s.max <= bound) {
            return Verdict.PASS;
        }
        if (s.min > bound) {
            return Verdict.MISS;
        }
        return Verdict.UNDECIDED;
    }

    /** One line of the verdict table. */
    static final class Line {
        final String id;
        final String what;
        final String workload;
        final String measured;
        final String target;
        final Verdict verdict;
        final String detail;
        /** The figure judged, when it is one (the summary line quotes its median). */
        final Spread spread;

        Line(String id, String what, String workload, String measured, String target, Verdict verdict,
                String detail) {
            this(id, what, workload, measured, target, verdict, detail, null);
        }

        Line(String id, String what, String workload, String measured, String target, Verdict verdict,
                String detail, Spread spread) {
            this.spread = spread;
            this.id = id;
            this.what = what;
            this.workload = workload;
            this.measured = measured;
            this.target = target;
            this.verdict = verdict;
            this.detail = detail;
        }

        /** The verdict column: {@code PASS}, {@code MISS by ...}, {@code UNDECIDED: ...}, {@code n/a: ...}. */
        String verdictText() {
            switch (verdict) {
                case PASS:
                    return "PASS";
                case MISS:
                    return "MISS" + (detail.isEmpty() ? "" : " " + detail);
                case UNDECIDED:
                    return "UNDECIDED" + (detail.isEmpty() ? "" : ": " + detail);
                default:
                    return "n/a" + (detail.isEmpty() ? "" : ": " + detail);
            }
        }
    }

    /**
     * A line judging a dimensionless ratio (time, allocation or heap against something) at most
     * {@code bound}. {@code unit} is what the number counts, e.g. {@code "x"}; {@code samples} names the
     * sample unit (e.g. "rounds"), or null for a bisection interval.
     */
    static Line ratio(String id, String what, String workload, Spread s, double bound, String samples) {
        Verdict v = atMost(s, bound);
        String measured = s == null ? "—" : describe(s, "x", samples);
        String detail = "";
        if (v == Verdict.MISS) {
            detail = f("by %.2fx (median %.0f%% over)", s.median - bound, (s.median / bound - 1) * 100);
        } else if (v == Verdict.UNDECIDED) {
            detail = tooFew(s) ? tooFewText(s, samples) : f("%.2f-%.2fx straddles %.2fx", s.min, s.max, bound);
        }
        return new Line(id, what, workload, measured, f("<= %.2fx", bound), v, detail, s);
    }

    /** A line judging an absolute quantity in MiB at most {@code boundMiB}. */
    static Line mib(String id, String what, String workload, Spread s, double boundMiB, String samples) {
        Verdict v = atMost(s, boundMiB);
        String measured = s == null ? "—" : describe(s, " MiB", samples);
        String detail = "";
        if (v == Verdict.MISS) {
            detail = f("by %.2f MiB", s.median - boundMiB);
        } else if (v == Verdict.UNDECIDED) {
            detail = tooFew(s) ? tooFewText(s, samples) : f("%.2f-%.2f MiB straddles %.2f MiB", s.min, s.max,
                    boundMiB);
        }
        return new Line(id, what, workload, measured, f("<= %.2f MiB", boundMiB), v, detail, s);
    }

    private static boolean tooFew(Spread s) {
        return s.sampled && s.count < MIN_SAMPLES;
    }

    private static String tooFewText(Spread s, String samples) {
        return f("%d %s; at least %d decide", s.count, samples == null ? "samples" : samples, MIN_SAMPLES);
    }

    /** A line whose figure could not be measured: the target applies but the client failed. */
    static Line failed(String id, String what, String workload, String target, String cause) {
        return new Line(id, what, workload, "failed", target, Verdict.MISS, "(" + shorten(cause, 140) + ")");
    }

    /** A line for a target that does not apply to this run. */
    static Line notApplicable(String id, String what, String workload, String target, String why) {
        return new Line(id, what, workload, "—", target, Verdict.NA, why);
    }

    /** {@code 1.32x (1.21-1.40, 4 rounds)}; an interval: {@code 1.17x (1.15-1.19)}. */
    static String describe(Spread s, String unit, String samples) {
        String u = unit.equals("x") ? "x" : unit;
        if (!s.sampled && unit.equals("x")) { // a bisection: its bounds may sit close to the target's
            return f("%.3fx (%.3f-%.3f)", s.median, s.min, s.max);
        }
        if (samples != null && s.count == 1) {
            return f("%.2f%s (1 %s)", s.median, u, samples.endsWith("s") ? samples.substring(0, samples.length() - 1)
                    : samples);
        }
        return f("%.2f%s (%.2f-%.2f%s%s)", s.median, u, s.min, s.max, u.equals("x") ? "" : u,
                samples == null ? "" : ", " + s.count + " " + samples);
    }

    static String shorten(String s, int max) {
        String t = s.replace('|', '/').replace('\n', ' ');
        return t.length() <= max ? t : t.substring(0, max) + "...";
    }

    static String f(String fmt, Object... args) {
        return String.format(Locale.ROOT, fmt, args);
    }
}
