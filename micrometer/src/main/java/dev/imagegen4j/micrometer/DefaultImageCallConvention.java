package dev.imagegen4j.micrometer;

import static dev.imagegen4j.observe.ObservationNames.*;

import dev.imagegen4j.Cost;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.Usage;
import dev.imagegen4j.observe.ImageObservation;
import io.micrometer.common.KeyValues;
import java.util.Locale;

/**
 * The default names: observation {@code imagegen4j.calls}, contextual (span) name {@code image <model>}.
 *
 * <p>Low-cardinality key values (metric tags and span attributes): {@code imagegen4j.generator},
 * {@code gen_ai.operation.name} ({@code image}), {@code imagegen4j.operation}, {@code gen_ai.request.model} (bounded:
 * {@code other} for a model the catalog does not know), {@code gen_ai.provider.name}, {@code imagegen4j.outcome},
 * {@code error.type}. High-cardinality (span attributes only): response model and id, the token counts, image count,
 * size, quality, images returned, cost, attempts, bytes received, warnings, and the prompt only when opted in.
 */
public class DefaultImageCallConvention implements ImageCallConvention {

    /** The longest prompt put in a span attribute when prompts are opted in; longer ones are cut. */
    public static final int MAX_PROMPT = 4096;

    @Override
    public String getName() {
        return CALLS;
    }

    @Override
    public String getContextualName(ImageCallContext context) {
        return OPERATION_IMAGE + " " + context.call().model().map(m -> m.value()).orElse(context.call().name());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ImageCallContext context) {
        Throwable error = context.getError();
        boolean ended = context.result().isPresent() || error != null;
        return KeyValues.of(
                GENERATOR, context.call().name(),
                GEN_AI_OPERATION, OPERATION_IMAGE,
                OPERATION, context.call().operation().name().toLowerCase(Locale.ROOT),
                GEN_AI_REQUEST_MODEL, context.modelTag(),
                GEN_AI_PROVIDER, context.provider(),
                OUTCOME, !ended ? NONE : error == null ? "success" : "failure",
                ERROR_TYPE, ImageObservation.errorType(error));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ImageCallContext context) {
        KeyValues kv = KeyValues.empty();
        var request = context.call().request();
        kv = kv.and(REQUEST_IMAGE_COUNT, Integer.toString(request.count()));
        if (request.size().isPresent()) {
            kv = kv.and(REQUEST_SIZE, request.size().get().toString());
        }
        if (request.quality().isPresent()) {
            kv = kv.and(REQUEST_QUALITY, request.quality().get().toString());
        }
        if (context.capturePrompt() && request.prompt().isPresent()) {
            String p = request.prompt().get();
            kv = kv.and(REQUEST_PROMPT, p.length() > MAX_PROMPT ? p.substring(0, MAX_PROMPT) : p);
        }
        kv = kv.and(ATTEMPTS, Integer.toString(context.attempts()))
                .and(BYTES_RECEIVED_ATTRIBUTE, Long.toString(context.bytesReceived()));
        if (context.result().isPresent()) {
            ImageResult r = context.result().get();
            kv = kv.and(GEN_AI_RESPONSE_MODEL, r.wireModel())
                    .and(RESPONSE_IMAGES, Integer.toString(r.images().size()))
                    .and(WARNINGS, Integer.toString(r.warnings().size()));
            if (r.requestId().isPresent()) {
                kv = kv.and(GEN_AI_RESPONSE_ID, r.requestId().get());
            }
            if (r.usage().isPresent()) {
                Usage u = r.usage().get();
                kv = kv.and(GEN_AI_USAGE_INPUT_TOKENS, Long.toString(u.inputTokens()))
                        .and(GEN_AI_USAGE_OUTPUT_TOKENS, Long.toString(u.outputTokens()))
                        .and(GEN_AI_USAGE_TEXT_INPUT_TOKENS, Long.toString(u.inputTextTokens()))
                        .and(GEN_AI_USAGE_IMAGE_INPUT_TOKENS, Long.toString(u.inputImageTokens()))
                        .and(GEN_AI_USAGE_IMAGE_OUTPUT_TOKENS, Long.toString(u.outputImageTokens()))
                        .and(USAGE_TEXT_OUTPUT_TOKENS, Long.toString(u.outputTextTokens()));
            }
            if (r.cost().isPresent()) {
                Cost c = r.cost().get();
                kv = kv.and(COST_AMOUNT, c.amount().toPlainString()).and(COST_CURRENCY, c.currency())
                        .and(COST_ESTIMATED, Boolean.toString(c.isEstimated()));
            }
        }
        return kv;
    }
}
