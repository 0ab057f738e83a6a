package dev.imagegen4j.testkit;

import java.time.Duration;
import java.util.Map;

/**
 * What every dialect handler of one emulator shares: the built configuration plus the mutable services
 * (served files, image renderer, rate limit, synthetic mode). Thread-safe.
 */
final class EmulatorContext {

    final Dialect primary;
    /** The only accepted key, or {@code null} for any non-empty key. */
    final String apiKey;
    /** Azure deployment name to model id, as configured. */
    final Map<String, String> deployments;
    /** Whether a deployment named after a model Azure serves exists besides the configured ones. */
    final boolean modelNamedDeployments;
    final int aimlapiSuccessStatus;
    final String region;
    final Duration latency;
    /** Whether OpenAI's shutdowns (gpt-image-1, DALL·E) are answered as the vendor answers them today. */
    final boolean enforceRetirements;
    /** Models the vendor "shipped" in this scenario, beyond the emulator's table. */
    final java.util.List<Models.Entry> shipped;
    final ImageRenderer renderer = new ImageRenderer();
    final FileStore files;
    /** The remote jobs of the job hosts (Replicate predictions, fal's queue). */
    final JobStore jobs = new JobStore();
    private final Duration defaultJobDuration;
    private volatile Duration jobDuration;
    final RateLimiter rateLimiter = new RateLimiter();
    private volatile long syntheticBytes = -1;
    private volatile String baseUrl = "http://127.0.0.1";

    EmulatorContext(Dialect primary, String apiKey, Map<String, String> deployments, boolean modelNamedDeployments,
            int aimlapiSuccessStatus, String region, Duration latency, boolean enforceRetirements,
            java.util.List<Models.Entry> shipped) {
        this(primary, apiKey, deployments, modelNamedDeployments, aimlapiSuccessStatus, region, latency,
                enforceRetirements, shipped, Duration.ofMillis(300), FileStore.LIFETIME);
    }

    EmulatorContext(Dialect primary, String apiKey, Map<String, String> deployments, boolean modelNamedDeployments,
            int aimlapiSuccessStatus, String region, Duration latency, boolean enforceRetirements,
            java.util.List<Models.Entry> shipped, Duration jobDuration, Duration fileLifetime) {
        this.files = new FileStore(fileLifetime);
        this.defaultJobDuration = jobDuration;
        this.jobDuration = jobDuration;
        this.primary = primary;
        this.apiKey = apiKey;
        this.deployments = Map.copyOf(deployments);
        this.modelNamedDeployments = modelNamedDeployments;
        this.aimlapiSuccessStatus = aimlapiSuccessStatus;
        this.region = region;
        this.latency = latency;
        this.enforceRetirements = enforceRetirements;
        this.shipped = java.util.List.copyOf(shipped);
    }

    /** How long a new job takes from submit to its output (a third queued, the rest running). */
    Duration jobDuration() {
        return jobDuration;
    }

    void jobDuration(Duration d) {
        this.jobDuration = d == null ? defaultJobDuration : d;
    }

    /** {@code http://127.0.0.1:PORT}: where served files ({@code /files/...}) are reachable. */
    String baseUrl() {
        return baseUrl;
    }

    void baseUrl(String url) {
        this.baseUrl = url;
    }

    /** The decoded size of every synthetic image, or -1 when synthetic mode is off. */
    long syntheticBytes() {
        return syntheticBytes;
    }

    void synthetic(long bytes) {
        this.syntheticBytes = bytes;
    }

    /** Whether {@code presented} passes the configured key check (any non-empty key when none is configured). */
    boolean keyAccepted(String presented) {
        return apiKey == null || apiKey.equals(presented);
    }
}
