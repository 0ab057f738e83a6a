package dev.imagegen4j.observe;

/**
 * The names imagegen4j's observers use, shared by the Micrometer and OpenTelemetry modules: the OpenTelemetry GenAI
 * semantic conventions' names where they define one ({@code gen_ai.*}, {@code error.type}), {@code imagegen4j.*}
 * where they do not. Metric tags are low-cardinality only (never a prompt, a key, a request id or a count).
 */
public final class ObservationNames {

    private ObservationNames() {
    }

    // ---- span and tag attributes (GenAI semantic conventions)

    /** {@code gen_ai.operation.name}: always {@value #OPERATION_IMAGE} (the value Spring AI uses for images). */
    public static final String GEN_AI_OPERATION = "gen_ai.operation.name";
    /** The {@link #GEN_AI_OPERATION} value for image calls. */
    public static final String OPERATION_IMAGE = "image";
    /** {@code gen_ai.provider.name}: the provider that served the call (or was tried last), e.g. {@code azure}. */
    public static final String GEN_AI_PROVIDER = "gen_ai.provider.name";
    /** {@code gen_ai.request.model}: the model the request names, or {@value #NONE}. */
    public static final String GEN_AI_REQUEST_MODEL = "gen_ai.request.model";
    /** {@code gen_ai.response.model}: the model id sent on the wire (a deployment, a gateway's id). */
    public static final String GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";
    /** {@code gen_ai.response.id}: the vendor's request id. Span attribute only. */
    public static final String GEN_AI_RESPONSE_ID = "gen_ai.response.id";
    /** {@code gen_ai.usage.input_tokens}. */
    public static final String GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens";
    /** {@code gen_ai.usage.output_tokens}. */
    public static final String GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
    /** {@code gen_ai.usage.text.input_tokens}: prompt tokens. */
    public static final String GEN_AI_USAGE_TEXT_INPUT_TOKENS = "gen_ai.usage.text.input_tokens";
    /** {@code gen_ai.usage.image.input_tokens}: reference-image tokens. */
    public static final String GEN_AI_USAGE_IMAGE_INPUT_TOKENS = "gen_ai.usage.image.input_tokens";
    /** {@code gen_ai.usage.image.output_tokens}: generated-image tokens. */
    public static final String GEN_AI_USAGE_IMAGE_OUTPUT_TOKENS = "gen_ai.usage.image.output_tokens";
    /** {@code gen_ai.token.type} on token metrics: {@code input} or {@code output}. */
    public static final String GEN_AI_TOKEN_TYPE = "gen_ai.token.type";
    /** {@code error.type}: the exception's simple class name, {@value #NONE} on success. */
    public static final String ERROR_TYPE = "error.type";

    // ---- imagegen4j attributes

    /** {@code imagegen4j.generator}: the name the generator or route is observed under. */
    public static final String GENERATOR = "imagegen4j.generator";
    /** {@code imagegen4j.operation}: {@code generate}, {@code edit} or {@code variation}. */
    public static final String OPERATION = "imagegen4j.operation";
    /** {@code imagegen4j.outcome}: {@code success} or {@code failure}. */
    public static final String OUTCOME = "imagegen4j.outcome";
    /** {@code imagegen4j.token.modality}: {@code text} or {@code image}, on token metrics. */
    public static final String TOKEN_MODALITY = "imagegen4j.token.modality";
    /** {@code imagegen4j.usage.text.output_tokens} (no GenAI name yet). */
    public static final String USAGE_TEXT_OUTPUT_TOKENS = "imagegen4j.usage.text.output_tokens";
    /** {@code imagegen4j.request.image_count}: {@code n}. Span attribute. */
    public static final String REQUEST_IMAGE_COUNT = "imagegen4j.request.image_count";
    /** {@code imagegen4j.request.size}. Span attribute. */
    public static final String REQUEST_SIZE = "imagegen4j.request.size";
    /** {@code imagegen4j.request.quality}. Span attribute. */
    public static final String REQUEST_QUALITY = "imagegen4j.request.quality";
    /** {@code imagegen4j.request.prompt}: only when prompts are opted in. Span attribute. */
    public static final String REQUEST_PROMPT = "imagegen4j.request.prompt";
    /** {@code imagegen4j.response.images}: images returned. Span attribute. */
    public static final String RESPONSE_IMAGES = "imagegen4j.response.images";
    /** {@code imagegen4j.cost.amount}: the reported or estimated cost. Span attribute. */
    public static final String COST_AMOUNT = "imagegen4j.cost.amount";
    /** {@code imagegen4j.cost.currency}, e.g. {@code USD}. */
    public static final String COST_CURRENCY = "imagegen4j.cost.currency";
    /** {@code imagegen4j.cost.estimated}: {@code true} for a price-table estimate. */
    public static final String COST_ESTIMATED = "imagegen4j.cost.estimated";
    /** {@code imagegen4j.attempts}: provider calls made for this call. Span attribute. */
    public static final String ATTEMPTS = "imagegen4j.attempts";
    /** {@code imagegen4j.attempt}: the attempt's number (1-based, across the route). Attempt span attribute. */
    public static final String ATTEMPT = "imagegen4j.attempt";
    /** {@code imagegen4j.bytes_received}: response bytes received. Span attribute. */
    public static final String BYTES_RECEIVED_ATTRIBUTE = "imagegen4j.bytes_received";
    /** {@code imagegen4j.warnings}: the number of warnings on the result. Span attribute. */
    public static final String WARNINGS = "imagegen4j.warnings";
    /** {@code imagegen4j.skip.reason}: {@code circuit_open} or {@code cannot_serve}. */
    public static final String SKIP_REASON = "imagegen4j.skip.reason";
    /** {@code imagegen4j.retry.delay_ms}: the wait before a retry. Event attribute. */
    public static final String RETRY_DELAY_MS = "imagegen4j.retry.delay_ms";
    /** {@code imagegen4j.route.member}: a route member's label. */
    public static final String ROUTE_MEMBER = "imagegen4j.route.member";
    /** {@code imagegen4j.circuit.state}: {@code closed}, {@code open} or {@code half_open}. */
    public static final String CIRCUIT_STATE_TAG = "imagegen4j.circuit.state";

    /** The value of a tag that does not apply, e.g. the model of a request that names none. */
    public static final String NONE = "none";
    /** The model tag value of a model the catalog does not know (keeps tags bounded). */
    public static final String OTHER = "other";

    // ---- observations, spans, events and metrics

    /** The observation (Micrometer) of one logical call; its timer has this name. */
    public static final String CALLS = "imagegen4j.calls";
    /** The child observation of one provider call. */
    public static final String ATTEMPTS_METRIC = "imagegen4j.attempts";
    /** Event: a provider call failed. */
    public static final String EVENT_ATTEMPT_FAILED = "imagegen4j.attempt.failed";
    /** Event: a retry is scheduled. */
    public static final String EVENT_RETRY = "imagegen4j.retry";
    /** Event: the route moves on from a provider. */
    public static final String EVENT_FAILOVER = "imagegen4j.failover";
    /** Event: a member is skipped (its rules cannot serve the request). */
    public static final String EVENT_SKIP = "imagegen4j.skip";
    /** Event: a member is skipped because its circuit is open. */
    public static final String EVENT_CIRCUIT_OPEN = "imagegen4j.circuit_open";
    /** Counter of retries, by generator, provider and error type. */
    public static final String RETRIES = "imagegen4j.retries";
    /** Counter of failovers, by generator, provider moved away from and error type. */
    public static final String FAILOVERS = "imagegen4j.failovers";
    /** Counter of skipped members, by generator, provider and reason. */
    public static final String SKIPS = "imagegen4j.skips";
    /** Counter of images returned. */
    public static final String IMAGES = "imagegen4j.images";
    /** Counter of tokens, by {@link #GEN_AI_TOKEN_TYPE} and {@link #TOKEN_MODALITY}. */
    public static final String TOKENS = "imagegen4j.tokens";
    /** Counter of cost, by currency and whether it is estimated. */
    public static final String COST = "imagegen4j.cost";
    /** Counter of response bytes received. */
    public static final String BYTES_RECEIVED = "imagegen4j.bytes.received";
    /** Gauge of route members' circuit states: 1 for the current state, 0 for the others. */
    public static final String CIRCUIT_STATE = "imagegen4j.circuit.state";
    /** OpenTelemetry's GenAI client duration histogram (seconds). */
    public static final String GEN_AI_CLIENT_OPERATION_DURATION = "gen_ai.client.operation.duration";
    /** OpenTelemetry's GenAI client token usage histogram. */
    public static final String GEN_AI_CLIENT_TOKEN_USAGE = "gen_ai.client.token.usage";
}
