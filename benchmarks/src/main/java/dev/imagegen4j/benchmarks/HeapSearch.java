package dev.imagegen4j.benchmarks;

/**
 * The search for the smallest {@code -Xmx} at which a workload completes, over trials that each run the
 * workload in a fresh JVM. The result is an interval {@code (failKiB, passKiB]}: a trial failed at
 * {@code failKiB} and passed at {@code passKiB}, so the smallest heap lies between (bisection assumes more
 * heap never hurts).
 *
 * <p>With a bound (the {@code -Xmx} at which passing proves the heap target met) the first trial is at the
 * bound, so a met target costs one trial before the bisection narrows the figure; {@code coarse} stops
 * there (for the expensive workloads: 256 MiB, 256 concurrent calls, uploads), or, when the bound was
 * missed, bisects only to 10% to say by how much. Without a bound the search doubles from 8 MiB. A trial
 * that fails for a reason other than memory (exit 4, e.g. a peer's parser limit) is confirmed at the
 * largest heap and then ends the search as {@code failed}.
 *
 * <p>Where the target's verdict depends on it, the bisection goes on past its resolution (down to
 * {@link #FINEST_KIB}) while the interval still straddles the bound: while the workload may fit at the
 * bound ({@code passKiB > boundKiB}) and may need more than the bound plus the baseline's own width
 * ({@code failKiB <= missAboveKiB}).
 */
final class HeapSearch {

    /** Exit codes of {@link Driver}: 0 completed, 3 OutOfMemoryError, 4 failed, 5 timed out. */
    static final int OK = 0;
    static final int OOM = 3;
    /** How far a coarse search narrows a missed bound (the verdict is a MISS; this says by how much). */
    static final double COARSE_MISS_FRACTION = 0.10;
    /** The narrowest interval the search goes to for a verdict. */
    static final long FINEST_KIB = 32;

    /** One trial at {@code -Xmx<xmxKiB>k}. */
    interface Trial {
        Outcome run(long xmxKiB) throws Exception;
    }

    /** A trial's exit code and, when it failed, why. */
    static final class Outcome {
        final int exit;
        final String cause;

        Outcome(int exit, String cause) {
            this.exit = exit;
            this.cause = cause == null ? "" : cause;
        }
    }

    /** The interval found, or the failure. */
    static final class Result {
        long passKiB = -1;
        long failKiB;
        String status = "ok";
        String cause = "";
        int trials;
    }

    private final Trial trial;
    private final long resolutionKiB;
    private final double resolutionFraction;

    /**
     * @param resolutionKiB      stop when the interval is this narrow ...
     * @param resolutionFraction ... or this fraction of the passing heap, whichever is wider
     */
    HeapSearch(Trial trial, long resolutionKiB, double resolutionFraction) {
        this.trial = trial;
        this.resolutionKiB = resolutionKiB;
        this.resolutionFraction = resolutionFraction;
    }

    /**
     * @param hiKiB    the largest heap to try
     * @param boundKiB the heap at which passing proves the target met, or -1
     * @param lowerKiB a heap known not to suffice (the baseline's failing heap), or 0
     * @param coarse   stop as soon as a bound passes; bisect a missed one to 10% only
     */
    Result search(long hiKiB, long boundKiB, long lowerKiB, boolean coarse) throws Exception {
        return search(hiKiB, boundKiB, -1, lowerKiB, coarse);
    }

    /**
     * @param missAboveKiB a workload failing above this heap misses the target for certain (the bound
     *                     plus the width of the baseline's interval), or -1
     */
    Result search(long hiKiB, long boundKiB, long missAboveKiB, long lowerKiB, boolean coarse) throws Exception {
        Result r = new Result();
        r.failKiB = Math.max(0, lowerKiB);
        double fraction = resolutionFraction;
        boolean bounded = boundKiB > r.failKiB && boundKiB < hiKiB;
        long first = bounded ? boundKiB : Math.min(hiKiB, Math.max(8 * 1024, r.failKiB * 2));
        Outcome t = run(r, first);
        if (t.exit == OK) {
            r.passKiB = first;
            if (bounded && coarse) {
                return r;
            }
        } else {
            if (t.exit != OOM && first < hiKiB) {
                Outcome top = run(r, hiKiB);
                if (top.exit != OK) {
                    return failure(r, hiKiB, top.cause.isEmpty() ? t : top, top.exit);
                }
                r.passKiB = hiKiB;
            } else if (first >= hiKiB) {
                return failure(r, hiKiB, t, t.exit);
            }
            r.failKiB = first;
            if (bounded && coarse) {
                fraction = Math.max(fraction, COARSE_MISS_FRACTION);
            }
            if (r.passKiB < 0 && !growUntilPass(r, hiKiB, first, Math.max(1024, first - Math.max(0, lowerKiB)))) {
                return r;
            }
        }
        while (r.passKiB - r.failKiB > Math.max(resolutionKiB, (long) (r.passKiB * fraction))
                || (bounded && !coarse && r.passKiB > boundKiB && r.failKiB <= missAboveKiB
                        && r.passKiB - r.failKiB > FINEST_KIB)) {
            long mid = (r.passKiB + r.failKiB) / 2;
            t = run(r, mid);
            if (t.exit == OK) {
                r.passKiB = mid;
            } else {
                r.failKiB = mid;
            }
        }
        return r;
    }

    private Outcome run(Result r, long xmxKiB) throws Exception {
        r.trials++;
        return trial.run(xmxKiB);
    }

    /** Doubles the step from {@code from} until a trial passes; false when the search ended there. */
    private boolean growUntilPass(Result r, long hiKiB, long from, long step) throws Exception {
        long x = from;
        while (x < hiKiB) {
            x = Math.min(hiKiB, x + step);
            step *= 2;
            Outcome t = run(r, x);
            if (t.exit == OK) {
                r.passKiB = x;
                return true;
            }
            if (x >= hiKiB) {
                failure(r, hiKiB, t, t.exit);
                return false;
            }
            r.failKiB = x;
        }
        return false;
    }

    private static Result failure(Result r, long hiKiB, Outcome t, int exit) {
        r.status = exit == 5 ? "timeout" : exit == OOM ? "oom-at-max" : "failed";
        r.cause = exit == OOM ? "OutOfMemoryError at -Xmx" + (hiKiB / 1024) + "m" : t.cause;
        r.passKiB = -1;
        return r;
    }
}
