package dev.imagegen4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A multi-turn conversation about one picture: generate an image, then {@linkplain #refine(String) refine}
 * it step by step ("make the sky darker", "add a boat"), each step an edit whose first reference image is
 * the latest image. The session keeps the turns so a caller can {@linkplain #back() go back a step} and
 * refine an earlier image instead.
 *
 * <pre>{@code
 * ImageSession session = ImageSession.builder(generator)
 *     .defaults(ImageRequest.template().model(ModelId.GPT_IMAGE_2).quality(Quality.MEDIUM).build())
 *     .build();
 * session.generate("a lighthouse on a cliff at dusk");
 * session.refine("make the sky darker");
 * session.refine("replace the sky", b -> b.mask(skyMask).quality(Quality.HIGH));
 * session.back();                                    // drop the replaced sky
 * session.back();                                    // drop the darker sky
 * session.refine("add a sailing boat");              // edits the first image again
 * byte[] png = session.latest().orElseThrow().image().bytes();
 * }</pre>
 *
 * <p>The session is store-agnostic: it keeps each turn's {@link ImageResult}. Images held in memory stay in
 * memory as long as their turn is in the history (at most {@link Builder#maxTurns(int)} turns, oldest dropped
 * first); images a request's {@link ImageSink} wrote to files are read back from those files when refined, so
 * the files must stay where the sink put them. An image that went to a caller's {@code OutputStream} cannot
 * be refined.
 *
 * <p>Thread-safe. Calls that add turns ({@code generate}, {@code refine}) run one at a time, in the order they
 * acquire the session, so two refinements never edit the same image concurrently; reads
 * ({@link #latest()}, {@link #history()}) never wait for a call in flight. The session does not own the
 * generator: closing the generator is the caller's job.
 */
public final class ImageSession {

    /** The default maximum number of turns kept: 32. */
    public static final int DEFAULT_MAX_TURNS = 32;

    private final ImageGenerator generator;
    private final ImageRequest defaults;
    private final int maxTurns;
    private final ReentrantLock calls = new ReentrantLock(true);
    private final Object state = new Object();
    private final Deque<Turn> turns = new ArrayDeque<>();
    private int nextNumber = 1;

    private ImageSession(Builder b) {
        this.generator = b.generator;
        this.defaults = b.defaults;
        this.maxTurns = b.maxTurns;
    }

    /** A session over {@code generator} with no defaults and {@value #DEFAULT_MAX_TURNS} turns of history. */
    public static ImageSession of(ImageGenerator generator) {
        return builder(generator).build();
    }

    /** A builder for a session over {@code generator}. */
    public static Builder builder(ImageGenerator generator) {
        return new Builder(generator);
    }

    /**
     * Generates a new image from {@code prompt} (with the session's defaults) and makes it the latest turn.
     * Earlier turns stay in the history.
     *
     * @throws InvalidRequestException  if the prompt is blank or breaks a rule of the model
     * @throws ImageGenerationException a subtype saying what to do next; the history is unchanged
     */
    public Turn generate(String prompt) {
        return generate(ImageRequest.builder().prompt(prompt).build());
    }

    /**
     * Runs {@code request} (a generation, or an edit of images the caller supplies) with the session's
     * defaults for options it leaves unset, and makes the result the latest turn.
     *
     * @throws ImageGenerationException a subtype saying what to do next; the history is unchanged
     */
    public Turn generate(ImageRequest request) {
        Objects.requireNonNull(request, "request");
        calls.lock();
        try {
            return run(request.withDefaults(defaults), null);
        } finally {
            calls.unlock();
        }
    }

    /**
     * Edits the latest image with {@code prompt}: an edit request whose only reference image is the latest
     * turn's image, with the session's defaults.
     *
     * @throws IllegalStateException    if there is no image yet ("nothing to refine yet: generate an image first")
     * @throws ImageGenerationException a subtype saying what to do next; the history is unchanged
     */
    public Turn refine(String prompt) {
        return refine(prompt, b -> { });
    }

    /**
     * Edits the latest image with a mask and extra reference images: the latest image comes first (the mask
     * applies to it), then {@code extraImages} in order.
     *
     * @param mask        the inpainting mask for the latest image (PNG, same dimensions), or null for none
     * @param extraImages more reference images, e.g. a logo to place in the picture
     * @throws IllegalStateException    if there is no image yet
     * @throws InvalidRequestException  if the images break a rule (more than 16 in all, a mask of other dimensions)
     * @throws ImageGenerationException a subtype saying what to do next; the history is unchanged
     */
    public Turn refine(String prompt, ImageInput mask, ImageInput... extraImages) {
        List<ImageInput> extras = List.of(extraImages);
        return refine(prompt, b -> {
            b.mask(mask);
            extras.forEach(b::image);
        });
    }

    /**
     * Edits the latest image, letting {@code options} set anything else on the request: a mask (it applies to
     * the latest image), extra reference images (added after the latest image), quality, size, format...
     * Options it leaves unset take the session's defaults.
     *
     * @param options customises a builder that already holds {@code prompt} and the latest image; it may add
     *                images but must not remove or replace the latest image
     * @throws IllegalStateException    if there is no image yet
     * @throws IllegalArgumentException if {@code options} removed or replaced the latest image
     * @throws ImageGenerationException a subtype saying what to do next; the history is unchanged
     */
    public Turn refine(String prompt, Consumer<ImageRequest.Builder> options) {
        Objects.requireNonNull(options, "options");
        calls.lock();
        try {
            Turn base = latest().orElseThrow(() -> new IllegalStateException(
                    "nothing to refine yet: generate an image first"));
            return run(editOf(base, prompt, options), base);
        } finally {
            calls.unlock();
        }
    }

    /**
     * Edits the image of turn {@code turnNumber} (which need not be the latest), as
     * {@link #refine(String, Consumer)} does for the latest one. The result becomes the latest turn.
     *
     * @throws IllegalArgumentException if no turn with that number is in the history (never made, gone back
     *                                  from, or dropped because the history is full)
     * @throws ImageGenerationException a subtype saying what to do next; the history is unchanged
     */
    public Turn refine(int turnNumber, String prompt, Consumer<ImageRequest.Builder> options) {
        Objects.requireNonNull(options, "options");
        calls.lock();
        try {
            Turn base = turn(turnNumber).orElseThrow(() -> new IllegalArgumentException(
                    "turn " + turnNumber + " is not in the history (turns kept: " + numbers() + ")"));
            return run(editOf(base, prompt, options), base);
        } finally {
            calls.unlock();
        }
    }

    /**
     * Goes back a step: removes the latest turn, so the next {@link #refine(String)} edits the image before it.
     *
     * @return the turn that is now the latest, or empty when the history is now empty
     * @throws IllegalStateException if the history is empty ("nothing to go back from")
     */
    public Optional<Turn> back() {
        synchronized (state) {
            if (turns.isEmpty()) {
                throw new IllegalStateException("nothing to go back from: the session has no images");
            }
            turns.removeLast();
            return Optional.ofNullable(turns.peekLast());
        }
    }

    /** Forgets every turn. Turn numbers keep counting up, so they are never reused. */
    public void clear() {
        synchronized (state) {
            turns.clear();
        }
    }

    /** The latest turn, if there is one. */
    public Optional<Turn> latest() {
        synchronized (state) {
            return Optional.ofNullable(turns.peekLast());
        }
    }

    /** The turn numbered {@code turnNumber}, if it is still in the history. */
    public Optional<Turn> turn(int turnNumber) {
        synchronized (state) {
            for (Turn t : turns) {
                if (t.number == turnNumber) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** The turns in the history, oldest first: a snapshot. */
    public List<Turn> history() {
        synchronized (state) {
            return List.copyOf(turns);
        }
    }

    /** The number of turns in the history. */
    public int size() {
        synchronized (state) {
            return turns.size();
        }
    }

    /** The generator the session calls. */
    public ImageGenerator generator() {
        return generator;
    }

    @Override
    public String toString() {
        return "ImageSession[" + generator.providerId() + ", turns=" + numbers() + "]";
    }

    private List<Integer> numbers() {
        synchronized (state) {
            List<Integer> n = new ArrayList<>();
            turns.forEach(t -> n.add(t.number));
            return n;
        }
    }

    private ImageRequest editOf(Turn base, String prompt, Consumer<ImageRequest.Builder> options) {
        ImageInput latest = base.asInput();
        ImageRequest.Builder b = ImageRequest.builder().prompt(prompt).image(latest);
        options.accept(b);
        ImageRequest request = b.build();
        if (request.images().isEmpty() || request.images().get(0) != latest) {
            throw new IllegalArgumentException("the options of a refinement must keep the image of turn "
                    + base.number + " as the first reference image (add images, do not replace them)");
        }
        if (request.operation() != ImageOperation.EDIT) {
            throw new IllegalArgumentException("a refinement is an edit with a prompt, not a "
                    + request.operation().name().toLowerCase(java.util.Locale.ROOT));
        }
        return request.withDefaults(defaults);
    }

    private Turn run(ImageRequest request, Turn base) {
        ImageResult result = generator.generate(request);
        if (result.images().isEmpty()) {
            throw new IllegalStateException("generator " + generator.providerId() + " returned no image for "
                    + request);
        }
        synchronized (state) {
            Turn turn = new Turn(nextNumber++, request.prompt().orElse(""), request.operation(),
                    base == null ? 0 : base.number, result);
            turns.addLast(turn);
            while (turns.size() > maxTurns) {
                turns.removeFirst();
            }
            return turn;
        }
    }

    /**
     * One step of a session: the prompt, what it was based on, and the result. Immutable and thread-safe.
     */
    public static final class Turn {
        private final int number;
        private final String prompt;
        private final ImageOperation operation;
        private final int basedOn;
        private final ImageResult result;

        private Turn(int number, String prompt, ImageOperation operation, int basedOn, ImageResult result) {
            this.number = number;
            this.prompt = prompt;
            this.operation = operation;
            this.basedOn = basedOn;
            this.result = result;
        }

        /** The turn's number in its session, from 1; never reused, even after {@link ImageSession#back()}. */
        public int number() {
            return number;
        }

        /** The prompt of the turn. */
        public String prompt() {
            return prompt;
        }

        /** {@link ImageOperation#GENERATE} for a new image, {@link ImageOperation#EDIT} for an edit or refinement. */
        public ImageOperation operation() {
            return operation;
        }

        /** The number of the turn this one refined; empty for a generation or an edit of the caller's images. */
        public OptionalInt basedOn() {
            return basedOn == 0 ? OptionalInt.empty() : OptionalInt.of(basedOn);
        }

        /** The full result: every image, usage, warnings, who served it. */
        public ImageResult result() {
            return result;
        }

        /** The turn's image: the first image of the result, which a refinement edits. */
        public GeneratedImage image() {
            return result.image();
        }

        ImageInput asInput() {
            GeneratedImage image = image();
            String name = "turn-" + number + "." + image.format().extension();
            Optional<Path> file = image.file();
            if (file.isPresent()) {
                return ImageInput.of(file.get());
            }
            if (!image.inMemory()) {
                throw new IllegalStateException("the image of turn " + number + " went to a caller's OutputStream, "
                        + "so the session cannot read it back to refine it: use a file or directory sink, or none");
            }
            return ImageInput.of(() -> open(image), image.sizeBytes(), name, image.mimeType());
        }

        private static InputStream open(GeneratedImage image) {
            try {
                return image.openStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            String p = prompt.length() > 40 ? prompt.substring(0, 37) + "..." : prompt;
            return "Turn[" + number + ", " + operation.name().toLowerCase(java.util.Locale.ROOT)
                    + (basedOn == 0 ? "" : " of turn " + basedOn) + ", \"" + p + "\", " + image() + "]";
        }
    }

    /** Builds an {@link ImageSession}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private final ImageGenerator generator;
        private ImageRequest defaults;
        private int maxTurns = DEFAULT_MAX_TURNS;

        private Builder(ImageGenerator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        /**
         * Options for every turn that the turn's request leaves unset (model, size, quality, format...), as a
         * template ({@link ImageRequest#template()}). Default none: the generator's own defaults apply.
         */
        public Builder defaults(ImageRequest defaults) {
            this.defaults = defaults;
            return this;
        }

        /**
         * The most turns kept; the oldest is dropped when a turn is added beyond it. Default
         * {@value ImageSession#DEFAULT_MAX_TURNS}. In-memory images of dropped turns can be collected.
         */
        public Builder maxTurns(int maxTurns) {
            this.maxTurns = maxTurns;
            return this;
        }

        /**
         * The session.
         *
         * @throws IllegalArgumentException if {@code maxTurns} is below 1 or the defaults are not a template
         */
        public ImageSession build() {
            if (maxTurns < 1) {
                throw new IllegalArgumentException("maxTurns " + maxTurns + ": must be at least 1");
            }
            if (defaults != null && (defaults.prompt().isPresent() || !defaults.images().isEmpty()
                    || defaults.mask().isPresent() || defaults.sink().isPresent())) {
                throw new IllegalArgumentException("session defaults must be a template (ImageRequest.template()): "
                        + "options only, no prompt, images, mask or sink");
            }
            return new ImageSession(this);
        }
    }
}
