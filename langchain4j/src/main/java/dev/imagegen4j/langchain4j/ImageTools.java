package dev.imagegen4j.langchain4j;

import dev.imagegen4j.Background;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageGenerationException;
import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageSession;
import dev.imagegen4j.ImageSize;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.Quality;
import dev.imagegen4j.internal.FileNames;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Image tools for LangChain4j agents: {@code createImage} draws a picture from a description,
 * {@code editImage} changes the last picture (or a named earlier one) following an instruction, so an agent can
 * say "make the sky darker" after "draw a lighthouse". Pass an instance to {@code AiServices.builder(...).tools(...)}.
 *
 * <pre>{@code
 * ImageTools tools = ImageTools.builder(generator)
 *     .directory(Path.of("generated"))
 *     .defaults(ImageRequest.template().model(ModelId.GPT_IMAGE_2).quality(Quality.MEDIUM).build())
 *     .build();
 * Assistant assistant = AiServices.builder(Assistant.class).chatModel(chatModel).tools(tools).build();
 * }</pre>
 *
 * <p>Images are saved to the configured {@link ImageStore} (a directory, or the application's own store) and the
 * tools answer with a short text the model can use, never image data: {@code Saved image 1 to
 * /srv/images/a-lighthouse-at-dusk.png (1024x1024 png).} Images are numbered per instance ("image 1", "image 2",
 * ...); an edit is saved next to its original with the next free suffix. The turns are kept in an
 * {@link ImageSession} ({@link #session()}), so the application can read the history or go back a step.
 *
 * <p>Mistakes the model can fix (a malformed size, an unknown image name, a refused prompt, editing before any
 * image exists) come back as text starting with {@code Could not}, so the model can correct itself. Failures it
 * cannot fix (the vendor is down, credentials are wrong, the store cannot write) are thrown as
 * {@link ImageGenerationException} or {@link UncheckedIOException}, for the application's tool error handler.
 *
 * <p>Use one instance per conversation: its images and numbering are that conversation's. Thread-safe: tool calls
 * on one instance run one at a time.
 */
public final class ImageTools {

    private static final Pattern IMAGE_NUMBER = Pattern.compile("(?i)\\s*(?:image\\s*)?#?\\s*(\\d{1,9})\\s*");
    private static final int MAX_SLUG = 40;

    private final ImageSession session;
    private final ImageStore store;
    private final Map<Integer, Saved> saved = new LinkedHashMap<>();

    private ImageTools(Builder b) {
        this.session = ImageSession.builder(b.generator).defaults(b.defaults).maxTurns(b.maxImages).build();
        this.store = b.store;
    }

    /** A builder over {@code generator}; a directory or a store is required. */
    public static Builder builder(ImageGenerator generator) {
        return new Builder(generator);
    }

    /**
     * Creates an image from a description and saves it.
     *
     * @return e.g. {@code Saved image 1 to /srv/images/a-lighthouse.png (1024x1024 png).}, or a sentence starting
     *         with {@code Could not} explaining what to change
     * @throws ImageGenerationException if the image service failed in a way the model cannot fix
     * @throws UncheckedIOException     if the image could not be stored
     */
    @Tool(name = "createImage", value = "Creates a new image from a detailed description and saves it. "
            + "Returns where the image was saved; show that location to the user.")
    public synchronized String createImage(
            @P(name = "description", value = "what the image shows, in detail (subject, style, colours, mood)")
            String description,
            @P(name = "size", value = "WIDTHxHEIGHT in pixels, e.g. 1024x1024, 1536x1024 (landscape), 1024x1536 "
                    + "(portrait), or auto", required = false) String size,
            @P(name = "quality", value = "low, medium, high or auto", required = false) String quality,
            @P(name = "background", value = "transparent, opaque or auto", required = false) String background) {
        ImageSession.Turn turn;
        try {
            ImageRequest.Builder request = ImageRequest.builder().prompt(description);
            if (present(size)) {
                request.size(ImageSize.parse(size));
            }
            if (present(quality)) {
                request.quality(Quality.of(quality));
            }
            if (present(background)) {
                request.background(Background.of(background));
            }
            turn = session.generate(request.build());
        } catch (InvalidRequestException | IllegalArgumentException e) {
            return "Could not create the image: " + e.getMessage();
        }
        return save(turn, slug(description), "");
    }

    /**
     * Edits the last image, or the one named by {@code imageName}, following {@code instruction}, and saves the
     * result as a new image.
     *
     * @param imageName {@code image 2}, {@code 2}, or the saved file name or location; null for the last image
     * @return e.g. {@code Saved image 2 (an edit of image 1) to /srv/images/a-lighthouse-2.png (1024x1024 png).},
     *         or a sentence starting with {@code Could not}
     * @throws ImageGenerationException if the image service failed in a way the model cannot fix
     * @throws UncheckedIOException     if the image could not be stored
     */
    @Tool(name = "editImage", value = "Changes an existing image following an instruction, e.g. 'make the sky "
            + "darker', and saves the result as a new image. Edits the last image unless imageName names another. "
            + "Returns where the new image was saved; show that location to the user.")
    public synchronized String editImage(
            @P(name = "instruction", value = "what to change in the image") String instruction,
            @P(name = "imageName", value = "which image to edit, e.g. 'image 1' or its file name; omit for the "
                    + "last image", required = false) String imageName) {
        ImageSession.Turn turn;
        Saved base;
        try {
            if (present(imageName)) {
                Optional<Saved> named = find(imageName);
                if (named.isEmpty()) {
                    return "Could not edit: there is no image named '" + imageName + "'. " + listing();
                }
                base = named.get();
                turn = session.refine(base.number, instruction, b -> { });
            } else {
                Optional<ImageSession.Turn> latest = session.latest();
                if (latest.isEmpty()) {
                    return "Could not edit: nothing to refine yet: create an image first with createImage.";
                }
                ImageSession.Turn last = latest.get();
                // A turn the application added through session() directly has no saved entry yet.
                base = saved.getOrDefault(last.number(), new Saved(last.number(), slug(last.prompt()), null));
                turn = session.refine(last.number(), instruction, b -> { });
            }
        } catch (InvalidRequestException | IllegalArgumentException | IllegalStateException e) {
            return "Could not edit the image: " + e.getMessage();
        }
        return save(turn, base.baseName, " (an edit of image " + base.number + ")");
    }

    /** The session holding this instance's images, oldest first. */
    public ImageSession session() {
        return session;
    }

    /** Where image {@code number} was saved, if it was made by this instance and is still in the history. */
    public synchronized Optional<String> location(int number) {
        Saved s = saved.get(number);
        return s == null || session.turn(number).isEmpty() ? Optional.empty() : Optional.of(s.location);
    }

    private String save(ImageSession.Turn turn, String baseName, String relation) {
        GeneratedImage image = turn.image();
        String location;
        try {
            location = store.save(image, baseName);
        } catch (IOException | RuntimeException e) {
            // An image the agent cannot cite must not become the one the next edit changes.
            session.back();
            if (e instanceof IOException) {
                throw new UncheckedIOException("could not save image " + turn.number() + ": " + e.getMessage(),
                        (IOException) e);
            }
            throw (RuntimeException) e;
        }
        saved.put(turn.number(), new Saved(turn.number(), baseName, location));
        saved.keySet().removeIf(n -> session.turn(n).isEmpty());
        StringBuilder text = new StringBuilder("Saved image ").append(turn.number()).append(relation).append(" to ")
                .append(location).append(" (");
        if (image.width() > 0 && image.height() > 0) {
            text.append(image.width()).append('x').append(image.height()).append(' ');
        }
        return text.append(image.format().extension().equals("jpg") ? "jpeg" : image.format().extension())
                .append(").").toString();
    }

    private Optional<Saved> find(String name) {
        Matcher m = IMAGE_NUMBER.matcher(name);
        if (m.matches()) {
            int number;
            try {
                number = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            return Optional.ofNullable(saved.get(number)).filter(s -> session.turn(s.number).isPresent());
        }
        String n = name.strip();
        for (Saved s : saved.values()) {
            if (s.location == null) {
                continue;
            }
            String fileName = Path.of(s.location.replace('\\', '/')).getFileName().toString();
            if (session.turn(s.number).isPresent() && (s.location.equals(n) || fileName.equals(n)
                    || fileName.equals(n + fileName.substring(fileName.lastIndexOf('.'))))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private String listing() {
        List<String> names = new ArrayList<>();
        saved.values().stream().filter(s -> session.turn(s.number).isPresent())
                .forEach(s -> names.add("image " + s.number + " (" + s.location + ")"));
        return names.isEmpty() ? "No images were made yet." : "Images so far: " + String.join(", ", names) + ".";
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** A safe file name from free text: lower-case ASCII words joined by dashes, or {@code image}. */
    static String slug(String text) {
        return FileNames.slug(text, MAX_SLUG);
    }

    private static final class Saved {
        final int number;
        final String baseName;
        final String location;

        Saved(int number, String baseName, String location) {
            this.number = number;
            this.baseName = baseName;
            this.location = location;
        }
    }

    /** Builds {@link ImageTools}. Not thread-safe; {@link #build()} validates. */
    public static final class Builder {
        private final ImageGenerator generator;
        private ImageStore store;
        private ImageRequest defaults;
        private int maxImages = ImageSession.DEFAULT_MAX_TURNS;

        private Builder(ImageGenerator generator) {
            this.generator = Objects.requireNonNull(generator, "generator");
        }

        /** Saves images as files in {@code directory} (created if needed). Replaces a {@link #store(ImageStore)}. */
        public Builder directory(Path directory) {
            this.store = ImageStore.directory(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        /** Saves images to the application's store. Replaces a {@link #directory(Path)}. */
        public Builder store(ImageStore store) {
            this.store = store;
            return this;
        }

        /** Options for every image (model, size, quality, format...) as a template. Default none. */
        public Builder defaults(ImageRequest defaults) {
            this.defaults = defaults;
            return this;
        }

        /**
         * How many images the agent can go back to by name; older ones stay in the store but can no longer be
         * edited. Default {@value ImageSession#DEFAULT_MAX_TURNS}.
         */
        public Builder maxImages(int maxImages) {
            this.maxImages = maxImages;
            return this;
        }

        /**
         * The tools.
         *
         * @throws IllegalStateException    if neither a directory nor a store was given
         * @throws IllegalArgumentException if {@code maxImages} is below 1 or the defaults are not a template
         */
        public ImageTools build() {
            if (store == null) {
                throw new IllegalStateException("a directory or an image store is required: "
                        + "call directory(Path) or store(ImageStore)");
            }
            if (maxImages < 1) {
                throw new IllegalArgumentException("maxImages " + maxImages + ": must be at least 1");
            }
            return new ImageTools(this);
        }
    }
}
