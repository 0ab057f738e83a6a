package dev.imagegen4j.testkit;

import java.time.Instant;

/**
 * The OpenAI Images protocol ({@code /images/generations}, {@code /images/edits}, {@code /images/variations}),
 * shared by every service that speaks it; an {@link ImagesDialect} supplies what differs (routes, auth, model
 * ids, rules, response fields, error shapes). Flow per request: auth, route, rate limit, scripted answer-level
 * faults, validation ({@link Validator}), response ({@link Responses}). Thread-safe.
 */
final class OpenAiImagesApi implements DialectHandler {

    private final EmulatorContext ctx;
    private final ImagesDialect dialect;
    private final Responses responses;

    OpenAiImagesApi(EmulatorContext ctx, ImagesDialect dialect) {
        this.ctx = ctx;
        this.dialect = dialect;
        this.responses = new Responses(ctx, dialect);
    }

    @Override
    public Dialect dialect() {
        return dialect.dialect();
    }

    @Override
    public boolean handles(String path) {
        return dialect.handles(path);
    }

    @Override
    public String newRequestId() {
        return dialect.newRequestId();
    }

    @Override
    public void decorate(Response response, Exchange ex) {
        dialect.decorate(response, ex);
    }

    @Override
    public Response handle(Exchange ex, Fault fault) {
        Errors errors = dialect.errors(ex);
        try {
            authenticate(ex, errors);
            ImagesRoute route = dialect.route(ex, errors);
            Models.Model peeked = dialect.peekModel(ex, route);
            String peekedId = peeked == null ? null : peeked.id;
            ex.model = peekedId;
            ctx.rateLimiter.admit(errors, peekedId);
            switch (fault.kind()) {
                case STATUS:
                    throw errors.status(fault.status(), peekedId);
                case RATE_LIMITED:
                    throw errors.rateLimited(fault.duration(), Math.max(1, ctx.rateLimiter.limit()), peekedId);
                case QUOTA_EXHAUSTED:
                    throw errors.quotaExhausted();
                case CONTENT_POLICY:
                    throw errors.contentPolicy(peeked, Params.peekText(ex, "prompt"));
                default:
                    break;
            }
            ImageJob job = new Validator(ex, route, dialect, errors).validate();
            if (fault.kind() == Fault.Kind.MALFORMED_JSON) {
                String broken = "{\"created\":" + Instant.now().getEpochSecond() + ",\"data\":[{\"b64_json\":\"iVBORw0KGgo";
                return Response.json(200, broken, "200 fault MALFORMED_JSON");
            }
            Response r = responses.respond(job, fault);
            ctx.rateLimiter.addHeaders(r);
            return r;
        } catch (ApiError e) {
            Response r = e.toResponse();
            ctx.rateLimiter.addHeaders(r);
            return r;
        }
    }

    private void authenticate(Exchange ex, Errors errors) {
        String presented = dialect.presentedKey(ex);
        if (presented == null || presented.isEmpty()) {
            throw errors.unauthorized(true, null);
        }
        if (!ctx.keyAccepted(presented)) {
            throw errors.unauthorized(false, presented);
        }
    }
}
