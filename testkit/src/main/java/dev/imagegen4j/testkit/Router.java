package dev.imagegen4j.testkit;

import java.util.List;

/**
 * Chooses the {@link DialectHandler} for a request path (the first handler that {@linkplain
 * DialectHandler#handles(String) handles} it) and serves the emulator's own routes ({@code GET /files/...}).
 * Paths no handler serves get a 404 in OpenAI's shape. Thread-safe.
 */
final class Router {

    private final EmulatorContext ctx;
    private final List<DialectHandler> handlers;

    Router(EmulatorContext ctx, List<DialectHandler> handlers) {
        this.ctx = ctx;
        this.handlers = List.copyOf(handlers);
    }

    /**
     * The built-in services, in routing order: Azure ({@code /openai/...}), AI/ML API ({@code /aimlapi/...},
     * and {@code /v1/...} when it is the primary dialect), OpenAI ({@code /v1/...}). A new dialect is added here.
     */
    static Router standard(EmulatorContext ctx) {
        return new Router(ctx, List.of(
                new OpenAiImagesApi(ctx, new AzureImagesDialect(ctx)),
                new OpenAiImagesApi(ctx, new AimlApiImagesDialect(ctx)),
                new GeminiApi(ctx),
                new ReplicateApi(ctx),
                new FalApi(ctx),
                new OpenRouterApi(ctx),
                new OpenAiImagesApi(ctx, new OpenAiImagesDialect(ctx))));
    }

    /** The handler for {@code path}, or {@code null} when no dialect serves it. */
    DialectHandler handlerFor(String path) {
        for (DialectHandler h : handlers) {
            if (h.handles(path)) {
                return h;
            }
        }
        return null;
    }

    /** A request id for a request no dialect serves. */
    String newRequestId(DialectHandler handler) {
        return handler == null ? DialectHandler.openAiRequestId() : handler.newRequestId();
    }

    Response handle(Exchange ex, DialectHandler handler, Fault fault) {
        ex.parseBodyQuietly();
        String method = ex.head.method;
        if (ex.head.path.startsWith("/files/") && (method.equals("GET") || method.equals("HEAD"))) {
            Response file = ctx.files.get(ex.head.path.substring("/files/".length()));
            if (file == null) {
                return Response.json(404, "{\"error\":{\"message\":\"File not found or expired.\","
                        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}", "404 file");
            }
            return file;
        }
        if (handler == null) {
            return new OpenAiImagesDialect.OpenAiErrors(ex).routeNotFound().toResponse();
        }
        return handler.handle(ex, fault);
    }
}
