package dev.imagegen4j.routing;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelCatalog;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.OutputFormat;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** A scripted provider: answers with queued failures, then successes; counts calls. */
final class FakeGenerator implements ImageGenerator {

    private final String id;
    private final Deque<ImageGenerationException> script = new ArrayDeque<>();
    private ImageGenerationException always;
    private UnaryOperator<ModelCapabilities> narrow = UnaryOperator.identity();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean closed;

    FakeGenerator(String id) {
        this.id = id;
    }

    FakeGenerator thenFail(ImageGenerationException e) {
        script.add(e);
        return this;
    }

    FakeGenerator alwaysFail(ImageGenerationException e) {
        always = e;
        return this;
    }

    FakeGenerator narrow(UnaryOperator<ModelCapabilities> narrow) {
        this.narrow = narrow;
        return this;
    }

    @Override
    public synchronized ImageResult generate(ImageRequest request, ImageListener listener) {
        calls.incrementAndGet();
        ImageGenerationException next = script.poll();
        if (next == null) {
            next = always;
        }
        if (next != null) {
            throw next;
        }
        return ImageResult.builder().providerId(id).model(request.model().orElse(ModelId.GPT_IMAGE_2))
                .wireModel("wire-" + id).addImage(GeneratedImage.builder().bytes(new byte[] {1}).format(OutputFormat.PNG)
                        .build()).build();
    }

    @Override
    public ModelCapabilities capabilities(ModelId model) {
        return narrow.apply(ModelCatalog.builtIn().resolve(model).capabilities());
    }

    @Override
    public String providerId() {
        return id;
    }

    @Override
    public void close() {
        closed = true;
    }
}
