package dev.imagegen4j.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imagegen4j.AsyncJobGenerator;
import dev.imagegen4j.AuthenticationException;
import dev.imagegen4j.ContentPolicyException;
import dev.imagegen4j.Cost;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.ImageListener;
import dev.imagegen4j.ImageOperation;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.JobHandle;
import dev.imagegen4j.JobProgress;
import dev.imagegen4j.ModelCapabilities;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.PartialImage;
import dev.imagegen4j.ProviderException;
import dev.imagegen4j.Quality;
import dev.imagegen4j.QuotaExceededException;
import dev.imagegen4j.RateLimitException;
import dev.imagegen4j.ResultUnknownException;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.Usage;
import dev.imagegen4j.testkit.Fault;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.imagegen4j.testkit.RecordedRequest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every imagegen4j provider keeps, checked over real HTTP against the testkit emulator. A
 * provider's test extends this class, says how to build its generator against an emulator and what the
 * provider supports, and inherits the tests:
 *
 * <pre>{@code
 * class AcmeContractTest extends ImageGeneratorContract {
 *     protected ImageGenerator createGenerator(ImageApiEmulator emu) {
 *         return AcmeImageGenerator.builder().baseUrl(emu.baseUrl(Dialect.OPENAI)).apiKey("k").build();
 *     }
 *     protected String providerId() { return "acme"; }
 *     protected void assertAddressed(RecordedRequest r, ImageOperation op) {
 *         assertEquals("gpt-image-2", r.param("model").orElseThrow());
 *     }
 *     protected boolean supportsStreaming() { return true; }
 * }
 * }</pre>
 *
 * <p>What it checks: generation (real PNG bytes of the requested size, provider id, model, the vendor's
 * request id); usage tokens or a reported cost; a masked edit (or its local rejection); partial-image
 * streaming, or for providers without it a single final image plus a warning; fan-out when a request asks
 * for more images than one call returns; error mapping (401, 429 with its delay, quota, content policy, 5xx)
 * with the request id; local validation before anything is sent; secrets absent from {@code toString()} and
 * error messages; {@code generateAsync}.
 *
 * <p>One emulator per test class ({@link #configureEmulator} adjusts it), reset before each test; one
 * generator per test, closed after it. The model is {@link #model()} at quality {@code low}, size
 * {@code 1024x1024}; usage figures follow the emulator's documented formula.
 *
 * <p>What a provider does not offer is read from its {@linkplain ImageGenerator#capabilities capabilities} for
 * {@link #model()}, not declared per provider: a model without a {@code quality} option gets the quality ignored
 * with a warning (and not sent); a model without masks gets a masked edit refused before sending; a model that
 * takes an {@code aspect_ratio} instead of sizes (Gemini) gets the size sent as the nearest aspect ratio and tier,
 * and an aspect ratio it does not take refused. Error answers are checked by class and by the status the emulator
 * sent in the service's own shape (Gemini refuses with a 200 answer without an image, and rejects a bad key with
 * 400 {@code API_KEY_INVALID}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ImageGeneratorContract {

    private static final String PROMPT = "a red lighthouse on a cliff at dusk";

    private ImageApiEmulator emulator;
    private ImageGenerator generator;

    /** Adjusts the emulator before it starts (deployments, an exact API key, ...). Default: nothing. */
    protected void configureEmulator(ImageApiEmulator.Builder builder) {
    }

    /** A new generator of the provider under test, configured for {@code emulator}. */
    protected abstract ImageGenerator createGenerator(ImageApiEmulator emulator);

    /** The provider id the generator and its results and exceptions report. */
    protected abstract String providerId();

    /**
     * Asserts how {@link #model()} is addressed in one recorded request of {@code operation} (the path, the
     * {@code model} parameter, or both), e.g. an Azure deployment or an {@code openai/...} id.
     */
    protected abstract void assertAddressed(RecordedRequest request, ImageOperation operation);

    /** Whether the provider streams partial images for {@link #model()}. */
    protected abstract boolean supportsStreaming();

    /** The logical model the tests request. Default {@code gpt-image-2}. */
    protected ModelId model() {
        return ModelId.GPT_IMAGE_2;
    }

    /** Whether masked edits are supported for {@link #model()}. Default: as its capabilities say. */
    protected boolean supportsMask() {
        return capabilities().supportsMask();
    }

    /**
     * The output tokens the emulator reports for one image of the suite's request. Default 272 (a GPT image at
     * quality {@code low}, 1024x1024); Gemini: 1120 (an image at 1K).
     */
    protected long outputTokensPerImage() {
        return 272;
    }

    /** The capabilities of {@link #model()} through this test's generator. */
    protected final ModelCapabilities capabilities() {
        return generator.capabilities(model());
    }

    /** The most images one HTTP call returns for a generation. Default 10 (OpenAI's limit). */
    protected int imagesPerCall() {
        return 10;
    }

    /** Whether results carry token usage (true) or, instead, a vendor-reported cost. Default true. */
    protected boolean reportsTokenUsage() {
        return true;
    }

    /** The exception for the emulator's "quota exhausted" answer. Default {@link QuotaExceededException}. */
    protected Class<? extends ImageGenerationException> quotaExhaustedType() {
        return QuotaExceededException.class;
    }

    /** Secrets the generator was configured with; none may appear in messages or {@code toString()}. */
    protected List<String> secrets() {
        return List.of();
    }

    /**
     * A parameter of the request as the provider sent it, by its OpenAI name ({@code prompt}, {@code quality}).
     * Default {@link RecordedRequest#param}: a JSON field or multipart text field. A provider that nests its inputs
     * (Replicate's {@code input.prompt}, a chat message) reads them from where it puts them.
     */
    protected Optional<String> sentParam(RecordedRequest request, String name) {
        return request.param(name);
    }

    /**
     * Options of the contract's requests that the provider's host does not take for {@link #model()} (e.g.
     * {@code quality}): they are not sent, and the result warns that they were ignored. Default: {@code quality}
     * when the model's capabilities have no such option.
     */
    protected java.util.Set<String> unsentOptions() {
        return capabilities().option("quality").isPresent() ? java.util.Set.of() : java.util.Set.of("quality");
    }

    /**
     * Asserts what a successful low-quality 1024x1024 call reports about usage or cost. Default: the emulator's token
     * figures when {@link #reportsTokenUsage()}, else AI/ML API's reported cost.
     */
    protected void assertReportedUsage(ImageResult result) {
        long input = (PROMPT.codePointCount(0, PROMPT.length()) + 3) / 4;
        long output = outputTokensPerImage();
        if (reportsTokenUsage()) {
            Usage u = result.usage().orElseThrow(() -> new AssertionError("no usage in " + result));
            assertEquals(input, u.inputTextTokens(), "input text tokens");
            assertEquals(output, u.outputTokens(), "output tokens");
            assertEquals(input + output, u.totalTokens(), "total tokens");
        } else {
            Cost cost = result.cost().orElseThrow(() -> new AssertionError("no cost in " + result));
            long credits = 10 * input + 40 * output;
            BigDecimal expected = BigDecimal.valueOf(Math.round(credits / 2.0), 6);
            assertEquals(0, expected.compareTo(cost.amount()), "cost " + cost + ", expected " + expected);
            assertEquals("USD", cost.currency());
            assertFalse(cost.isEstimated(), "a cost the vendor reported is not an estimate");
        }
    }

    /**
     * Asserts how a masked edit was sent. Default: OpenAI's multipart {@code /images/edits} with an image part and a
     * {@code mask} part.
     */
    protected void assertMaskedEditSent(RecordedRequest wire) {
        assertTrue(wire.path().endsWith("/images/edits"), "path " + wire.path());
        assertTrue(wire.header("content-type").orElse("").startsWith("multipart/form-data"), "multipart");
        assertTrue(wire.part("mask").isPresent(), "mask part");
        assertFalse(wire.parts("image[]").isEmpty() && wire.parts("image").isEmpty(), "image part");
    }

    /**
     * Breaks a rule of {@link #model()} on this provider, to check that nothing is sent. Default: size
     * {@code 1000x1000} (edges must be multiples of 16); {@link #brokenRule()} names the parameter and value.
     */
    protected ImageRequest.Builder breakARule(ImageRequest.Builder request) {
        return aspectRatios() ? request.size((String) null).aspectRatio("7:3") : request.size("1000x1000");
    }

    /**
     * The parameter and value {@link #breakARule} breaks. Default {@code size}, {@code 1000x1000}; for a model
     * shaped by aspect ratios, {@code aspect_ratio}, {@code 7:3}.
     */
    protected String[] brokenRule() {
        return aspectRatios() ? new String[] {"aspect_ratio", "7:3"} : new String[] {"size", "1000x1000"};
    }

    private boolean aspectRatios() {
        return capabilities().option("aspect_ratio").isPresent();
    }

    /**
     * The HTTP status of a content-policy refusal; empty when it is not an HTTP answer (a failed job). Default: the
     * status the emulator answered the one request with (400 for OpenAI, 200 for a Gemini refusal).
     */
    protected java.util.OptionalInt contentPolicyStatus() {
        return java.util.OptionalInt.of(onlyPost().status());
    }

    /** The running emulator, for a subclass's own tests. */
    protected final ImageApiEmulator emulator() {
        return emulator;
    }

    /** This test's generator, for a subclass's own tests. */
    protected final ImageGenerator generator() {
        return generator;
    }

    @BeforeAll
    final void startEmulator() {
        ImageApiEmulator.Builder b = ImageApiEmulator.builder().port(0);
        configureEmulator(b);
        emulator = b.start();
    }

    @AfterAll
    final void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    final void createGeneratorForTest() {
        emulator.reset();
        generator = createGenerator(emulator);
    }

    @AfterEach
    final void closeGenerator() {
        if (generator != null) {
            generator.close();
        }
    }

    private ImageRequest.Builder request() {
        return ImageRequest.builder().prompt(PROMPT).model(model()).size("1024x1024").quality(Quality.LOW);
    }

    // ---- generation ------------------------------------------------------------------------------

    @Test
    void should_generate_a_png_of_the_requested_size_when_given_a_prompt() {
        ImageResult result = generator.generate(request().build());

        assertEquals(1, result.images().size(), "images");
        GeneratedImage image = result.image();
        BufferedImage decoded = decode(image.bytes());
        assertEquals(1024, decoded.getWidth(), "decoded width");
        assertEquals(1024, decoded.getHeight(), "decoded height");
        assertEquals("image/png", image.mimeType());
        assertEquals(providerId(), result.providerId());
        assertEquals(providerId(), generator.providerId());
        assertEquals(model(), result.model());
        RecordedRequest wire = onlyPost();
        assertTrue(200 <= wire.status() && wire.status() < 300, "emulator status " + wire.outcome());
        assertAddressed(wire, ImageOperation.GENERATE);
        assertTrue(sentParam(wire, "prompt").map(PROMPT::equals).orElse(wire.bodyText().contains("\"" + PROMPT + "\"")),
                "the prompt is sent: " + wire.bodyText());
        if (unsentOptions().contains("quality")) {
            assertFalse(sentParam(wire, "quality").isPresent(), "quality must not be sent");
            assertTrue(result.warnings().stream().anyMatch(w -> w.contains("quality")), "a warning about quality in "
                    + result.warnings());
        } else {
            assertEquals("low", sentParam(wire, "quality").orElse(null));
        }
        if (capabilities().option("aspect_ratio").isPresent()) {
            assertTrue(result.warnings().stream().anyMatch(w -> w.contains("size 1024x1024 sent as aspect ratio 1:1")),
                    "a warning naming the aspect ratio the size was sent as: " + result.warnings());
        }
    }

    @Test
    void should_report_the_vendors_request_id_when_a_call_succeeds() {
        ImageResult result = generator.generate(request().build());

        assertEquals(Optional.of(onlyPost().requestId()), result.requestId());
    }

    @Test
    void should_report_usage_or_the_reported_cost_when_a_call_succeeds() {
        ImageResult result = generator.generate(request().build());

        assertReportedUsage(result);
    }

    @Test
    void should_generate_asynchronously() throws Exception {
        ImageResult result = generator.generateAsync(request().build()).get(60, TimeUnit.SECONDS);

        assertEquals(1, result.images().size());
        assertEquals(Optional.of(onlyPost().requestId()), result.requestId());
    }

    @Test
    void should_return_every_image_when_more_are_asked_for_than_one_call_returns() {
        int n = imagesPerCall() >= 2 ? 2 : 3;
        ImageResult result = generator.generate(request().n(n).build());

        assertEquals(n, result.images().size(), "images");
        for (int i = 0; i < n; i++) {
            assertEquals(i, result.images().get(i).index(), "index of image " + i);
            assertEquals(1024, decode(result.images().get(i).bytes()).getWidth());
        }
        int calls = (n + imagesPerCall() - 1) / imagesPerCall();
        assertEquals(calls, submits().size(), "HTTP calls");
        boolean mentioned = result.warnings().stream().anyMatch(w -> w.contains("parallel"));
        assertEquals(calls > 1, mentioned, "a warning about parallel calls in " + result.warnings());
    }

    // ---- edits and streaming ---------------------------------------------------------------------

    @Test
    void should_edit_with_a_mask_when_masks_are_supported() {
        ImageRequest edit = request().image(ImageInput.of(png(1024, 1024, false), "photo.png"))
                .mask(ImageInput.of(png(1024, 1024, true), "mask.png")).build();
        if (!supportsMask()) {
            assertThrows(InvalidRequestException.class, () -> generator.generate(edit));
            assertEquals(0, emulator.journal().posts().size(), "nothing may be sent");
            return;
        }

        ImageResult result = generator.generate(edit);

        assertEquals(1, result.images().size());
        assertEquals(1024, decode(result.image().bytes()).getWidth());
        RecordedRequest wire = onlyPost();
        assertMaskedEditSent(wire);
        assertAddressed(wire, ImageOperation.EDIT);
        assertEquals(Optional.of(wire.requestId()), result.requestId());
    }

    @Test
    void should_edit_with_a_reference_image_when_edits_are_supported() {
        if (!capabilities().supports(ImageOperation.EDIT)) {
            return;
        }
        byte[] photo = png(512, 512, false);

        ImageResult result = generator.generate(request().image(ImageInput.of(photo, "photo.png")).build());

        assertEquals(1, result.images().size());
        decode(result.image().bytes());
        RecordedRequest wire = onlyPost();
        assertTrue(wire.bodySize() > photo.length, "the image is sent (" + wire.bodySize() + " bytes)");
        assertAddressed(wire, ImageOperation.EDIT);
        assertEquals(Optional.of(wire.requestId()), result.requestId());
    }

    @Test
    void should_stream_partial_images_or_deliver_the_final_image_once_when_it_cannot() {
        List<PartialImage> partials = new CopyOnWriteArrayList<>();
        List<GeneratedImage> finals = new CopyOnWriteArrayList<>();
        ImageListener listener = new ImageListener() {
            @Override
            public void onPartialImage(PartialImage partial) {
                partials.add(partial);
            }

            @Override
            public void onImage(GeneratedImage image) {
                finals.add(image);
            }
        };

        ImageResult result = generator.generate(request().partialImages(2).build(), listener);

        assertEquals(1, finals.size(), "final images delivered to the listener");
        assertEquals(1024, decode(result.image().bytes()).getWidth());
        RecordedRequest wire = onlyPost();
        if (supportsStreaming()) {
            assertEquals(2, partials.size(), "partial images");
            partials.forEach(p -> assertTrue(p.bytes().length > 0, "partial image bytes"));
            assertEquals("true", wire.param("stream").orElse(null), "stream parameter");
            assertEquals(Optional.of(wire.requestId()), result.requestId());
        } else {
            assertTrue(partials.isEmpty(), "no partial images without streaming");
            assertFalse(wire.param("stream").isPresent(), "stream must not be sent");
            assertTrue(result.warnings().stream().anyMatch(w -> w.contains("partial images")),
                    "a warning that partial images were ignored: " + result.warnings());
        }
    }

    @Test
    void should_describe_the_capabilities_of_the_model() {
        ModelCapabilities caps = generator.capabilities(model());

        assertTrue(caps.supports(ImageOperation.GENERATE), "generation");
        assertEquals(supportsStreaming(), caps.supportsStreaming(), "streaming");
    }

    // ---- validation and errors -------------------------------------------------------------------

    @Test
    void should_reject_an_invalid_size_before_sending_anything() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> generator.generate(breakARule(request()).build()));

        assertEquals(Optional.of(brokenRule()[0]), e.param(), e.getMessage());
        assertTrue(e.getMessage().contains(brokenRule()[1]), e.getMessage());
        assertEquals(0, emulator.journal().posts().size(), "nothing may be sent");
    }

    @Test
    void should_map_401_to_an_authentication_exception_with_the_request_id() {
        emulator.enqueue(Fault.status(401));

        ImageGenerationException e = failure(AuthenticationException.class);

        assertEquals(onlyPost().status(), e.httpStatus().orElse(-1), "the status of the service's answer");
    }

    @Test
    void should_map_429_to_a_rate_limit_exception_with_the_servers_delay() {
        emulator.enqueue(Fault.rateLimited(Duration.ofSeconds(7)));

        RateLimitException e = failure(RateLimitException.class);

        assertEquals(429, e.httpStatus().orElse(-1));
        assertEquals(Optional.of(Duration.ofSeconds(7)), e.retryAfter());
    }

    @Test
    void should_map_an_exhausted_quota() {
        emulator.enqueue(Fault.quotaExhausted());

        failure(quotaExhaustedType());
    }

    @Test
    void should_map_a_safety_refusal_to_a_content_policy_exception() {
        emulator.enqueue(Fault.contentPolicy());

        ContentPolicyException e = failure(ContentPolicyException.class);

        assertEquals(contentPolicyStatus(), e.httpStatus(), "the status of the service's answer");
    }

    @Test
    void should_map_a_server_error_to_a_retryable_exception() {
        emulator.enqueue(Fault.status(503));

        failure(RetryableException.class);
    }

    @Test
    void should_never_show_a_secret_in_to_string_or_error_messages() {
        emulator.enqueue(Fault.status(401));
        ImageGenerationException e = assertThrows(ImageGenerationException.class,
                () -> generator.generate(request().build()));

        for (String secret : secrets()) {
            assertFalse(generator.toString().contains(secret), "toString shows a secret: " + generator);
            assertFalse(String.valueOf(e.getMessage()).contains(secret), "message shows a secret: " + e);
            assertFalse(e.toString().contains(secret), "toString of the exception shows a secret");
        }
    }

    private <T extends ImageGenerationException> T failure(Class<T> type) {
        ImageGenerationException e = assertThrows(ImageGenerationException.class,
                () -> generator.generate(request().build()));
        assertInstanceOf(type, e, () -> "expected " + type.getSimpleName() + " but got " + e);
        assertEquals(Optional.of(providerId()), e.providerId());
        assertEquals(Optional.of(onlyPost().requestId()), e.requestId(), "request id of " + e);
        return type.cast(e);
    }

    // ---- asynchronous jobs (providers that are AsyncJobGenerators) ------------------------------------
    //
    // Once a submit was accepted the job is the request: polls that fail are sent again, a restart resumes the job,
    // an interrupt cancels it; a lost submit answer is unknown. The emulator's jobs take 300 ms unless a test says
    // otherwise; give the generator a short poll interval (e.g. 25 ms) and, on Replicate, no Prefer: wait.

    private AsyncJobGenerator jobs() {
        org.junit.jupiter.api.Assumptions.assumeTrue(generator instanceof AsyncJobGenerator,
                "not an asynchronous job provider");
        return (AsyncJobGenerator) generator;
    }

    /** Records the job and its progress, in order. */
    private static final class JobEvents implements ImageListener {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final java.util.concurrent.CountDownLatch submitted = new java.util.concurrent.CountDownLatch(1);

        @Override
        public void onJobSubmitted(JobHandle job) {
            events.add(job);
            submitted.countDown();
        }

        @Override
        public void onJobProgress(JobProgress progress) {
            events.add(progress);
        }

        JobHandle job() {
            return events.stream().filter(JobHandle.class::isInstance).map(JobHandle.class::cast).findFirst()
                    .orElseThrow(() -> new AssertionError("no job was reported: " + events));
        }
    }

    @Test
    void should_report_the_job_before_polling_and_follow_it_to_its_end() {
        jobs();
        JobEvents events = new JobEvents();

        ImageResult result = generator.generate(request().build(), events);

        assertEquals(1, result.images().size());
        assertTrue(events.events.get(0) instanceof JobHandle, "the job first: " + events.events);
        JobHandle job = events.job();
        assertEquals(providerId(), job.providerId());
        assertEquals(1, events.events.stream().filter(JobHandle.class::isInstance).count(), "one job");
        Object last = events.events.get(events.events.size() - 1);
        assertTrue(last instanceof JobProgress && ((JobProgress) last).state() == JobProgress.State.SUCCEEDED,
                "ends succeeded: " + events.events);
        assertEquals(Optional.of(job.id()), result.requestId());
        assertEquals(1, submits().size(), "one submit");
        assertTrue(emulator.journal().all().stream().anyMatch(r -> r.method().equals("GET")
                && r.path().contains(job.id())), "polled by its id: " + emulator.journal());
    }

    @Test
    void should_poll_the_same_job_again_when_polls_fail() {
        jobs();
        emulator.jobDuration(Duration.ofMillis(600));
        emulator.enqueue(Fault.none(), Fault.status(503), Fault.status(502), Fault.resetAfterBody());

        ImageResult result = generator.generate(request().build());

        assertEquals(1, result.images().size());
        assertEquals(1, submits().size(), "never submitted again: " + emulator.journal());
        assertEquals(1, emulator.jobs().size(), "one job: " + emulator.jobs());
    }

    @Test
    void should_report_an_unknown_outcome_when_the_submit_answer_is_lost() {
        jobs();
        emulator.enqueue(Fault.dropAnswer());

        ResultUnknownException e = assertThrows(ResultUnknownException.class,
                () -> generator.generate(request().build()));

        assertEquals(Optional.of(providerId()), e.providerId());
        assertEquals(1, submits().size(), "one submit, not repeated");
        assertEquals(1, emulator.jobs().size(), "the vendor has the job (and may bill it): " + emulator.jobs());
    }

    @Test
    void should_resume_a_job_without_submitting_it_again() {
        AsyncJobGenerator jobs = jobs();
        JobEvents events = new JobEvents();
        ImageRequest request = request().build();
        generator.generate(request, events);
        JobHandle job = JobHandle.fromMap(events.job().toMap());

        ImageResult resumed = jobs.resume(job, request, ImageListener.NONE);

        assertEquals(1, resumed.images().size());
        assertEquals(1024, decode(resumed.image().bytes()).getWidth());
        assertEquals(Optional.of(job.id()), resumed.requestId());
        assertEquals(1, submits().size(), "resuming never submits");
    }

    @Test
    void should_cancel_the_remote_job_when_the_call_is_interrupted() throws Exception {
        jobs();
        emulator.jobDuration(Duration.ofSeconds(20));
        JobEvents events = new JobEvents();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                generator.generate(request().build(), events);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        assertTrue(events.submitted.await(30, TimeUnit.SECONDS), "the job was accepted");

        caller.interrupt();
        caller.join(30_000);

        assertFalse(caller.isAlive(), "the call ended");
        assertInstanceOf(ResultUnknownException.class, thrown.get());
        assertTrue(thrown.get().getMessage().contains(events.job().id()), thrown.get().getMessage());
        assertTrue(emulator.journal().all().stream().anyMatch(r -> r.path().contains(events.job().id())
                && r.path().endsWith("/cancel")), "the remote job was cancelled: " + emulator.journal());
        assertTrue(emulator.jobs().get(0).endsWith("canceled"), emulator.jobs().toString());
        assertEquals(1, submits().size());
    }

    @Test
    void should_end_a_failed_job_in_a_provider_exception_without_submitting_again() {
        jobs();
        emulator.enqueue(Fault.jobFails());

        ProviderException e = assertThrows(ProviderException.class, () -> generator.generate(request().build()));

        assertEquals(Optional.of(providerId()), e.providerId());
        assertTrue(e.requestId().isPresent(), "names the job: " + e);
        assertEquals(1, submits().size());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The POSTs that can pay: every POST but a job's cancel. */
    private List<RecordedRequest> submits() {
        return emulator.journal().posts().stream().filter(r -> !r.path().endsWith("/cancel"))
                .collect(java.util.stream.Collectors.toList());
    }

    private RecordedRequest onlyPost() {
        List<RecordedRequest> posts = submits();
        assertEquals(1, posts.size(), () -> "POST requests: " + emulator.journal());
        return posts.get(0);
    }

    private static BufferedImage decode(byte[] bytes) {
        assertNotNull(bytes);
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertNotNull(image, "the bytes are not an image ImageIO can read");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of the given size; with {@code alpha}, a mask whose left half is transparent. */
    static byte[] png(int width, int height, boolean alpha) {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB
                : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y += 8) {
            for (int x = 0; x < width; x += 8) {
                int rgb = alpha ? (x < width / 2 ? 0x00000000 : 0xFF000000) : (0xFF000000 | (x * 255 / width) << 16
                        | (y * 255 / height) << 8);
                image.setRGB(x, y, rgb);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
