package dev.imagegen4j.spring.boot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The keys under {@code imagegen4j:}: the structure of an imagegen4j configuration file (generators, routes,
 * models, default), so that IDEs complete and document them. The starter reads the values with Spring's
 * {@code Binder} and gives them to {@code ImageGenConfig}, which checks them against each provider's own keys (a
 * provider from another jar may take keys not listed here) and names any mistake.
 */
@ConfigurationProperties("imagegen4j")
public class ImageGenProperties {

    /** Whether the starter creates generators from this configuration. */
    private boolean enabled = true;

    /** An imagegen4j configuration file (YAML or JSON) to read instead of generators and routes set here. */
    private String configFile;

    /**
     * The generator or route injected where an ImageGenerator is asked for without a qualifier. Needed when there is
     * more than one generator and not exactly one route.
     */
    private String defaultName;

    /** Generators by name: a provider and its settings. */
    private Map<String, Generator> generators = new LinkedHashMap<>();

    /** Failover routes by name. */
    private Map<String, Route> routes = new LinkedHashMap<>();

    /**
     * Model catalog additions by model id, with the catalog's schema (like, operations, max-n, sizes, options,
     * lifecycle). Put ids holding a dot in brackets: "[gpt-image-2.5-flare]".
     */
    private Map<String, Map<String, Object>> models = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    public String getDefault() {
        return defaultName;
    }

    public void setDefault(String defaultName) {
        this.defaultName = defaultName;
    }

    public Map<String, Generator> getGenerators() {
        return generators;
    }

    public void setGenerators(Map<String, Generator> generators) {
        this.generators = generators;
    }

    public Map<String, Route> getRoutes() {
        return routes;
    }

    public void setRoutes(Map<String, Route> routes) {
        this.routes = routes;
    }

    public Map<String, Map<String, Object>> getModels() {
        return models;
    }

    public void setModels(Map<String, Map<String, Object>> models) {
        this.models = models;
    }

    /** One generator: {@code provider} and the settings every built-in provider reads. */
    public static class Generator {
        /** The provider id: openai, azure, aimlapi, openai-compatible, or one from another jar. */
        private String provider;
        /** The API key (use a placeholder such as ${OPENAI_API_KEY}). */
        private String apiKey;
        /** The API base URL (openai, aimlapi, openai-compatible). */
        private String baseUrl;
        /** The Azure resource endpoint. */
        private String endpoint;
        /** OpenAI organization id. */
        private String organization;
        /** OpenAI project id. */
        private String project;
        /** Azure: v1 (default) or classic URLs. */
        private String urlStyle;
        /** Azure api-version (classic URLs; v1 only when set). */
        private String apiVersion;
        /** Azure: authenticate with Entra ID (DefaultAzureCredential) instead of a key. */
        private Boolean entraId;
        /** Azure Entra ID scope. */
        private String scope;
        /** Azure: a fixed Entra ID token (not refreshed). */
        private String adToken;
        /** Azure: logical model id to deployment name. */
        private Map<String, String> deployments = new LinkedHashMap<>();
        /** aimlapi, openai-compatible: logical model id to the service's model id. */
        private Map<String, String> models = new LinkedHashMap<>();
        /** openai-compatible: Authorization (Bearer, default) or another header name for the raw key. */
        private String authHeader;
        /** openai-compatible: whether the relay can stream. */
        private Boolean streaming;
        /** openai-compatible: the most images one call may ask for (larger requests become parallel calls). */
        private Integer maxImagesPerCall;
        /** The model of requests that name none (default gpt-image-2). */
        private String model;
        /** Default size: auto, a preset or WxH. */
        private String size;
        /** Default quality. */
        private String quality;
        /** Default background. */
        private String background;
        /** Default output format. */
        private String outputFormat;
        /** Default output compression, 0-100. */
        private Integer outputCompression;
        /** Default moderation. */
        private String moderation;
        /** Options a model ignores are errors instead of warnings. */
        private Boolean strict;
        /** Time to connect: 500ms, 10s, 5m, PT10S or plain seconds (default 10s). */
        private String connectTimeout;
        /** Time to response headers (default 10m). */
        private String responseTimeout;
        /** Longest pause in a response body (default 60s). */
        private String idleTimeout;
        /** Allow plain http to a non-loopback host. */
        private Boolean allowInsecureHttp;
        /** Send Expect: 100-continue (default true). */
        private Boolean expectContinue;
        /** Parameters sent as they are, for parameters imagegen4j has no name for yet. */
        private Map<String, Object> params = new LinkedHashMap<>();

        public String getProvider() { return provider; }
        public void setProvider(String v) { provider = v; }
        public String getApiKey() { return apiKey; }
        public void setApiKey(String v) { apiKey = v; }
        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String v) { baseUrl = v; }
        public String getEndpoint() { return endpoint; }
        public void setEndpoint(String v) { endpoint = v; }
        public String getOrganization() { return organization; }
        public void setOrganization(String v) { organization = v; }
        public String getProject() { return project; }
        public void setProject(String v) { project = v; }
        public String getUrlStyle() { return urlStyle; }
        public void setUrlStyle(String v) { urlStyle = v; }
        public String getApiVersion() { return apiVersion; }
        public void setApiVersion(String v) { apiVersion = v; }
        public Boolean getEntraId() { return entraId; }
        public void setEntraId(Boolean v) { entraId = v; }
        public String getScope() { return scope; }
        public void setScope(String v) { scope = v; }
        public String getAdToken() { return adToken; }
        public void setAdToken(String v) { adToken = v; }
        public Map<String, String> getDeployments() { return deployments; }
        public void setDeployments(Map<String, String> v) { deployments = v; }
        public Map<String, String> getModels() { return models; }
        public void setModels(Map<String, String> v) { models = v; }
        public String getAuthHeader() { return authHeader; }
        public void setAuthHeader(String v) { authHeader = v; }
        public Boolean getStreaming() { return streaming; }
        public void setStreaming(Boolean v) { streaming = v; }
        public Integer getMaxImagesPerCall() { return maxImagesPerCall; }
        public void setMaxImagesPerCall(Integer v) { maxImagesPerCall = v; }
        public String getModel() { return model; }
        public void setModel(String v) { model = v; }
        public String getSize() { return size; }
        public void setSize(String v) { size = v; }
        public String getQuality() { return quality; }
        public void setQuality(String v) { quality = v; }
        public String getBackground() { return background; }
        public void setBackground(String v) { background = v; }
        public String getOutputFormat() { return outputFormat; }
        public void setOutputFormat(String v) { outputFormat = v; }
        public Integer getOutputCompression() { return outputCompression; }
        public void setOutputCompression(Integer v) { outputCompression = v; }
        public String getModeration() { return moderation; }
        public void setModeration(String v) { moderation = v; }
        public Boolean getStrict() { return strict; }
        public void setStrict(Boolean v) { strict = v; }
        public String getConnectTimeout() { return connectTimeout; }
        public void setConnectTimeout(String v) { connectTimeout = v; }
        public String getResponseTimeout() { return responseTimeout; }
        public void setResponseTimeout(String v) { responseTimeout = v; }
        public String getIdleTimeout() { return idleTimeout; }
        public void setIdleTimeout(String v) { idleTimeout = v; }
        public Boolean getAllowInsecureHttp() { return allowInsecureHttp; }
        public void setAllowInsecureHttp(Boolean v) { allowInsecureHttp = v; }
        public Boolean getExpectContinue() { return expectContinue; }
        public void setExpectContinue(Boolean v) { expectContinue = v; }
        public Map<String, Object> getParams() { return params; }
        public void setParams(Map<String, Object> v) { params = v; }
    }

    /** One failover route. */
    public static class Route {
        /** Generator names, in failover order (required). */
        private List<String> failover;
        /** Retries per member (default 2). */
        private Integer retries;
        /** The attempt budget of one request (default members x (retries + 1)). */
        private Integer maxAttempts;
        /** Backoff between retries. */
        private Backoff backoff = new Backoff();
        /** Longest server retry-after to wait for; above it the route fails over (default 60s). */
        private String retryAfterCeiling;
        /** Circuit breaker per member; false for none. */
        private Breaker breaker = new Breaker();
        /** Exceptions that fail over although they normally end a request: content-policy, invalid-request, result-unknown. */
        private List<String> failoverOn;
        /** Retry and fail over after an unknown result: may pay twice (default false). */
        private Boolean retryUnknownResult;
        /** The model of requests that name none (default gpt-image-2). */
        private String model;

        public List<String> getFailover() { return failover; }
        public void setFailover(List<String> v) { failover = v; }
        public Integer getRetries() { return retries; }
        public void setRetries(Integer v) { retries = v; }
        public Integer getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(Integer v) { maxAttempts = v; }
        public Backoff getBackoff() { return backoff; }
        public void setBackoff(Backoff v) { backoff = v; }
        public String getRetryAfterCeiling() { return retryAfterCeiling; }
        public void setRetryAfterCeiling(String v) { retryAfterCeiling = v; }
        public Breaker getBreaker() { return breaker; }
        public void setBreaker(Breaker v) { breaker = v; }
        public List<String> getFailoverOn() { return failoverOn; }
        public void setFailoverOn(List<String> v) { failoverOn = v; }
        public Boolean getRetryUnknownResult() { return retryUnknownResult; }
        public void setRetryUnknownResult(Boolean v) { retryUnknownResult = v; }
        public String getModel() { return model; }
        public void setModel(String v) { model = v; }
    }

    /** Retry backoff. */
    public static class Backoff {
        /** First delay (default 500ms). */
        private String initial;
        /** Largest delay (default 8s). */
        private String max;

        public String getInitial() { return initial; }
        public void setInitial(String v) { initial = v; }
        public String getMax() { return max; }
        public void setMax(String v) { max = v; }
    }

    /** Circuit breaker. */
    public static class Breaker {
        /** Consecutive failures that open the circuit (default 3). */
        private Integer failures;
        /** How long it stays open before a real request probes it (default 30s). */
        private String cooldown;

        public Integer getFailures() { return failures; }
        public void setFailures(Integer v) { failures = v; }
        public String getCooldown() { return cooldown; }
        public void setCooldown(String v) { cooldown = v; }
    }
}
