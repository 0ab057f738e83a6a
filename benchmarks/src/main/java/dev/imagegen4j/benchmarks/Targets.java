package dev.imagegen4j.benchmarks;

/**
 * Every performance target the benchmarks judge, in one place (BENCHMARKS.md describes each; {@link
 * Verdicts} computes them). Sources: {@code design.md} §8 and issue 15, which sharpened it.
 */
final class Targets {

    /** {@code time}: imagegen4j {@code byteBuffer()} at most this times the best peer's time, per round. */
    static final double TIME_VS_BEST_PEER = 0.90;
    /** {@code decode}: the full call at most this times the loopback floor (raw read + Base64), per round. */
    static final double DECODE_VS_LOOPBACK_FLOOR = 1.5;
    /** {@code alloc-peer}: allocation per operation at most this times openai-java's, per round. */
    static final double ALLOC_VS_OPENAI_JAVA = 1.0 / 3.0;
    /** {@code alloc-small}: allocation per operation at most this times the decoded bytes, at {@link #SMALL}. */
    static final double ALLOC_SMALL = 2.0;
    /** {@code alloc-image}: allocation per operation at most this times the decoded bytes, large images. */
    static final double ALLOC_LARGE = 1.05;
    /** {@code heap-bytes} and {@code heap-concurrent}: heap above the baseline per decoded byte held. */
    static final double HEAP_BYTES = 1.15;
    /** {@code heap-file}: heap above the baseline when streaming to files, KiB. */
    static final long HEAP_FILE_KIB = 1024;
    /** {@code upload-heap}: heap above the baseline of one 16-file edit upload, KiB. */
    static final long HEAP_UPLOAD_KIB = 4096;
    /** {@code threads}: live threads may grow by less than n / this while n requests wait. */
    static final int WAITING_REQUESTS_PER_THREAD = 8;

    /** The small-image workload (a real 78 KB PNG). */
    static final String SMALL = "1024x1024";
    /** The size-cliff workload: 256 MiB decoded, 358 MB of base64 in one JSON string. */
    static final String CLIFF = "256MiB";
    /** Images of at least this many decoded bytes are "large" ({@code decode}, {@code alloc-image}). */
    static final long LARGE_IMAGE_BYTES = 1L << 20;

    /** The peers, whose best time per round sets the {@code time} bound. */
    static final String[] PEERS = {"openai-java", "langchain4j"};
    /** The headline client. */
    static final String OURS = "imagegen4j-buffer";

    private Targets() {
    }

    /** Whether {@code workload}'s images are large (every image at least {@link #LARGE_IMAGE_BYTES}). */
    static boolean large(long decodedBytes, int images) {
        return images > 0 && decodedBytes / images >= LARGE_IMAGE_BYTES;
    }

    /**
     * The heap target of a heap combination, as KiB above the client's baseline, or -1 when none applies.
     * {@link Runner} uses it to aim its search (one trial at the bound decides a PASS).
     */
    static long heapBoundKiB(String client, String workload, long decodedBytes) {
        if (workload.equals("tiny")) {
            return -1;
        }
        if (client.equals("imagegen4j-edit") && workload.startsWith("upload")) {
            return HEAP_UPLOAD_KIB;
        }
        if (client.equals("imagegen4j-file")) {
            return HEAP_FILE_KIB;
        }
        if ((client.equals(OURS) && !workload.startsWith("upload"))
                || (client.equals("imagegen4j") && Workloads.concurrency(workload) > 0)) {
            return (long) Math.floor(HEAP_BYTES * decodedBytes / 1024.0);
        }
        return -1;
    }

    /** The client whose {@code tiny} run is {@code client}'s heap baseline. */
    static String baselineOf(String client) {
        if (client.startsWith("imagegen4j")) {
            return OURS;
        }
        if (client.startsWith("openai-java")) {
            return "openai-java";
        }
        if (client.startsWith("langchain4j")) {
            return "langchain4j";
        }
        return client;
    }
}
