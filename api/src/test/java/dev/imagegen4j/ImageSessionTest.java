package dev.imagegen4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSessionTest {

    /** Answers each call with a distinct PNG (width 16 + call number) and records what it was asked. */
    static final class FakeGenerator implements ImageGenerator {
        final List<ImageRequest> requests = Collections.synchronizedList(new ArrayList<>());
        final Deque<RuntimeException> failures = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile CountDownLatch gate;

        @Override
        public ImageResult generate(ImageRequest request, ImageListener listener) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                CountDownLatch g = gate;
                if (g != null) {
                    g.await(5, TimeUnit.SECONDS);
                }
                requests.add(request);
                synchronized (failures) {
                    if (!failures.isEmpty()) {
                        throw failures.poll();
                    }
                }
                int call = calls.incrementAndGet();
                GeneratedImage.Builder image = GeneratedImage.builder().format(OutputFormat.PNG)
                        .dimensions(16 + call, 16);
                if (request.sink().isPresent()) {
                    ImageSink.Target t = request.sink().get().open(0, OutputFormat.PNG);
                    byte[] png = TestImages.png(16 + call, 16);
                    t.stream().write(png);
                    image.file(t.commit().orElseThrow(), png.length);
                } else {
                    image.bytes(TestImages.png(16 + call, 16));
                }
                return ImageResult.builder().providerId("fake").model(request.model().orElse(ModelId.GPT_IMAGE_2))
                        .addImage(image.build()).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public ModelCapabilities capabilities(ModelId model) {
            return ModelCatalog.builtIn().resolve(model).capabilities();
        }

        @Override
        public String providerId() {
            return "fake";
        }

        ImageRequest request(int i) {
            return requests.get(i);
        }
    }

    private final FakeGenerator generator = new FakeGenerator();

    private static byte[] read(ImageInput input) throws IOException {
        try (InputStream in = input.openStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void should_edit_the_latest_image_when_refining() throws IOException {
        // given
        ImageSession session = ImageSession.of(generator);
        ImageSession.Turn first = session.generate("a lighthouse");

        // when
        ImageSession.Turn second = session.refine("make the sky darker");

        // then
        ImageRequest edit = generator.request(1);
        assertThat(edit.operation()).isEqualTo(ImageOperation.EDIT);
        assertThat(edit.prompt()).contains("make the sky darker");
        assertThat(edit.images()).hasSize(1);
        assertThat(read(edit.images().get(0))).isEqualTo(first.image().bytes());
        assertThat(edit.images().get(0).fileName()).isEqualTo("turn-1.png");
        assertThat(second.number()).isEqualTo(2);
        assertThat(second.basedOn()).hasValue(1);
        assertThat(second.operation()).isEqualTo(ImageOperation.EDIT);
        assertThat(session.latest()).containsSame(second);
        assertThat(session.history()).containsExactly(first, second);
    }

    @Test
    void should_chain_refinements_when_refining_twice() throws IOException {
        // given
        ImageSession session = ImageSession.of(generator);
        session.generate("a lighthouse");
        ImageSession.Turn second = session.refine("make the sky darker");

        // when
        session.refine("add a boat");

        // then
        assertThat(read(generator.request(2).images().get(0))).isEqualTo(second.image().bytes());
    }

    @Test
    void should_fail_with_a_clear_message_when_refining_before_any_image() {
        ImageSession session = ImageSession.of(generator);

        assertThatThrownBy(() -> session.refine("make the sky darker"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("nothing to refine yet: generate an image first");
        assertThat(generator.requests).isEmpty();
    }

    @Test
    void should_refine_the_previous_image_when_going_back_a_step() throws IOException {
        // given
        ImageSession session = ImageSession.of(generator);
        ImageSession.Turn first = session.generate("a lighthouse");
        session.refine("make the sky darker");

        // when
        assertThat(session.back()).containsSame(first);
        ImageSession.Turn third = session.refine("add a boat");

        // then
        assertThat(read(generator.request(2).images().get(0))).isEqualTo(first.image().bytes());
        assertThat(third.number()).isEqualTo(3);
        assertThat(third.basedOn()).hasValue(1);
        assertThat(session.history()).extracting(ImageSession.Turn::number).containsExactly(1, 3);
    }

    @Test
    void should_fail_when_going_back_with_no_history() {
        ImageSession session = ImageSession.of(generator);

        assertThatThrownBy(session::back).isInstanceOf(IllegalStateException.class)
                .hasMessage("nothing to go back from: the session has no images");
    }

    @Test
    void should_return_empty_when_going_back_from_the_only_turn() {
        ImageSession session = ImageSession.of(generator);
        session.generate("a lighthouse");

        assertThat(session.back()).isEmpty();
        assertThat(session.size()).isZero();
    }

    @Test
    void should_put_mask_on_latest_image_and_extras_after_it_when_refining_with_mask() throws IOException {
        // given
        ImageSession session = ImageSession.of(generator);
        ImageSession.Turn first = session.generate("a lighthouse");
        ImageInput mask = ImageInput.of(TestImages.png(17, 16), "mask.png");
        ImageInput logo = ImageInput.of(TestImages.png(8, 8), "logo.png");

        // when
        session.refine("put the logo in the sky", mask, logo);

        // then
        ImageRequest edit = generator.request(1);
        assertThat(edit.images()).hasSize(2);
        assertThat(read(edit.images().get(0))).isEqualTo(first.image().bytes());
        assertThat(edit.images().get(1)).isSameAs(logo);
        assertThat(edit.mask()).containsSame(mask);
    }

    @Test
    void should_apply_defaults_and_let_options_override_them_when_refining() {
        // given
        ImageSession session = ImageSession.builder(generator)
                .defaults(ImageRequest.template().model(ModelId.GPT_IMAGE_1_5).quality(Quality.LOW)
                        .outputFormat(OutputFormat.WEBP).build())
                .build();
        session.generate("a lighthouse");

        // when
        session.refine("make it sharper", b -> b.quality(Quality.HIGH));

        // then
        assertThat(generator.request(0).model()).contains(ModelId.GPT_IMAGE_1_5);
        assertThat(generator.request(0).quality()).contains(Quality.LOW);
        ImageRequest edit = generator.request(1);
        assertThat(edit.model()).contains(ModelId.GPT_IMAGE_1_5);
        assertThat(edit.quality()).contains(Quality.HIGH);
        assertThat(edit.outputFormat()).contains(OutputFormat.WEBP);
    }

    @Test
    void should_refuse_options_that_replace_the_latest_image() {
        ImageSession session = ImageSession.of(generator);
        session.generate("a lighthouse");

        assertThatThrownBy(() -> session.refine("swap", b -> b.images(List.of(
                ImageInput.of(TestImages.png(8, 8), "other.png")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must keep the image of turn 1 as the first reference image");
        assertThat(generator.requests).hasSize(1);
    }

    @Test
    void should_refuse_more_than_16_images_when_refining_with_extras() {
        ImageSession session = ImageSession.of(generator);
        session.generate("a lighthouse");
        ImageInput[] extras = new ImageInput[16];
        for (int i = 0; i < extras.length; i++) {
            extras[i] = ImageInput.of(TestImages.png(8, 8), "extra-" + i + ".png");
        }

        assertThatThrownBy(() -> session.refine("collage", null, extras))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("17 reference images");
    }

    @Test
    void should_edit_an_earlier_turn_when_refining_by_number() throws IOException {
        // given
        ImageSession session = ImageSession.of(generator);
        ImageSession.Turn first = session.generate("a lighthouse");
        session.generate("a windmill");

        // when
        ImageSession.Turn third = session.refine(1, "add a boat", b -> { });

        // then
        assertThat(read(generator.request(2).images().get(0))).isEqualTo(first.image().bytes());
        assertThat(third.basedOn()).hasValue(1);
    }

    @Test
    void should_name_the_kept_turns_when_refining_an_unknown_turn() {
        ImageSession session = ImageSession.of(generator);
        session.generate("a lighthouse");

        assertThatThrownBy(() -> session.refine(7, "add a boat", b -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("turn 7 is not in the history (turns kept: [1])");
    }

    @Test
    void should_drop_the_oldest_turn_when_the_history_is_full() {
        // given
        ImageSession session = ImageSession.builder(generator).maxTurns(2).build();

        // when
        session.generate("one");
        session.refine("two");
        session.refine("three");

        // then
        assertThat(session.history()).extracting(ImageSession.Turn::number).containsExactly(2, 3);
        assertThat(session.turn(1)).isEmpty();
    }

    @Test
    void should_keep_history_unchanged_when_the_generator_fails() {
        // given
        ImageSession session = ImageSession.of(generator);
        ImageSession.Turn first = session.generate("a lighthouse");
        generator.failures.add(new RateLimitException("slow down", null, "fake", 429, "req-1", null, null));

        // when / then
        assertThatThrownBy(() -> session.refine("make the sky darker")).isInstanceOf(RateLimitException.class);
        assertThat(session.history()).containsExactly(first);
    }

    @Test
    void should_read_the_image_back_from_its_file_when_a_sink_wrote_it(@TempDir Path dir) throws IOException {
        // given
        ImageSession session = ImageSession.of(generator);
        ImageSession.Turn first = session.generate(ImageRequest.builder().prompt("a lighthouse")
                .sink(ImageSink.toDirectory(dir, "lighthouse")).build());
        assertThat(first.image().inMemory()).isFalse();

        // when
        session.refine("make the sky darker");

        // then
        ImageInput input = generator.request(1).images().get(0);
        assertThat(input.path()).contains(dir.resolve("lighthouse.png"));
        assertThat(read(input)).isEqualTo(Files.readAllBytes(dir.resolve("lighthouse.png")));
    }

    @Test
    void should_explain_when_the_latest_image_went_to_an_output_stream() {
        // given
        ImageSession session = ImageSession.of(new ImageGenerator() {
            @Override
            public ImageResult generate(ImageRequest request, ImageListener listener) {
                return ImageResult.builder().providerId("fake").model(ModelId.GPT_IMAGE_2)
                        .addImage(GeneratedImage.builder().format(OutputFormat.PNG).sizeBytes(10).build()).build();
            }

            @Override
            public ModelCapabilities capabilities(ModelId model) {
                return ModelCatalog.builtIn().resolve(model).capabilities();
            }

            @Override
            public String providerId() {
                return "fake";
            }
        });
        session.generate("a lighthouse");

        // when / then
        assertThatThrownBy(() -> session.refine("darker")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("went to a caller's OutputStream");
    }

    @Test
    void should_run_refinements_one_at_a_time_when_called_concurrently() throws Exception {
        // given
        ImageSession session = ImageSession.of(generator);
        session.generate("a lighthouse");
        generator.gate = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // when
            Future<ImageSession.Turn> a = pool.submit(() -> session.refine("darker"));
            Future<ImageSession.Turn> b = pool.submit(() -> session.refine("brighter"));
            Thread.sleep(100);
            assertThat(session.history()).hasSize(1); // reads do not wait for the call in flight
            generator.gate.countDown();
            ImageSession.Turn ta = a.get(5, TimeUnit.SECONDS);
            ImageSession.Turn tb = b.get(5, TimeUnit.SECONDS);

            // then: the second refinement edited the first one's result
            assertThat(generator.maxInFlight.get()).isEqualTo(1);
            ImageSession.Turn later = ta.number() > tb.number() ? ta : tb;
            ImageSession.Turn earlier = later == ta ? tb : ta;
            assertThat(later.basedOn()).hasValue(earlier.number());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_reject_invalid_settings_when_building() {
        assertThatThrownBy(() -> ImageSession.builder(generator).maxTurns(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTurns 0: must be at least 1");
        assertThatThrownBy(() -> ImageSession.builder(generator)
                .defaults(ImageRequest.builder().prompt("p").build()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a template");
    }
}
