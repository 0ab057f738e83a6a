package dev.imagegen4j.benchmarks;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImageModel;
import com.openai.models.images.ImagesResponse;
import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ImageResult;
import dev.imagegen4j.ImageSink;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.model.openai.OpenAiImageModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The clients under test, each doing what a developer would write to get a response's decoded images (or
 * files) through the library's public API. Every {@link Client#run()} returns the number of decoded image
 * bytes it produced (plus a byte of the last image), which the benchmarks consume so nothing is optimised
 * away; {@link Client#digest()} makes one more call and returns a digest of what it produced, which the
 * benchmark compares with the server's before measuring (a wrong result fails the run).
 */
final class Clients {

    /** Client names, as used on command lines and in result files. */
    static final List<String> GENERATE = List.of("imagegen4j-buffer", "imagegen4j-bytes", "imagegen4j-file",
            "openai-java", "openai-java-file", "langchain4j", "langchain4j-file", "floor-base64", "floor-transfer",
            "floor-loopback", "floor-jdk-http");

    private Clients() {
    }

    /** One configured client. */
    abstract static class Client implements AutoCloseable {
        /** One measured operation. */
        abstract long run() throws Exception;

        /** One operation whose images are digested (not measured). */
        abstract Workloads.Digest digest() throws Exception;

        @Override
        public void close() throws Exception {
        }
    }

    static String generationsBase(String replay, String workload) {
        return replay + "/w/" + workload + "/v1";
    }

    /** The server's {@code bodyBytes decodedBytes digest} line for {@code workload}. */
    static String[] meta(String replay, String workload) throws IOException {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(replay + "/meta/" + workload)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("the bench server has no workload " + workload + ": " + r.body());
            }
            return r.body().strip().split(" ");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Runs one operation of {@code c} and checks its images against the server's digest.
     *
     * @throws IllegalStateException naming the client, what it produced and what the response holds
     */
    static void verify(String name, Client c, String expectedDigest) throws Exception {
        String got = c.digest().toString();
        if (!got.equals(expectedDigest)) {
            throw new IllegalStateException("client " + name + " produced images:bytes:crc32 " + got
                    + " but the response holds " + expectedDigest + ": its figures would not count");
        }
    }

    /**
     * A client for {@code name} generating from {@code base} (an OpenAI-style base URL ending in
     * {@code /v1}).
     *
     * @param scratch a directory for the file variants
     */
    static Client create(String name, String base, String workload, Path scratch) throws IOException {
        int n = Workloads.imagesOf(workload);
        switch (name) {
            case "imagegen4j-buffer":
                return new Ours(base, workload, n, null, Ours.Access.BUFFER);
            case "imagegen4j-bytes":
                return new Ours(base, workload, n, null, Ours.Access.BYTES);
            case "imagegen4j-file":
                return new Ours(base, workload, n, scratch.resolve("imagegen4j-" + workload), Ours.Access.FILE);
            case "openai-java":
                return new OpenAiJava(base, workload, n, null);
            case "openai-java-file":
                return new OpenAiJava(base, workload, n, scratch.resolve("openai-java-" + workload));
            case "langchain4j":
                return new LangChain4j(base, workload, n, null);
            case "langchain4j-file":
                return new LangChain4j(base, workload, n, scratch.resolve("langchain4j-" + workload));
            case "floor-base64":
                return new Floors.Base64FromArray(base, workload);
            case "floor-transfer":
                return new Floors.Transfer(base, false);
            case "floor-loopback":
                return new Floors.Transfer(base, true);
            case "floor-jdk-http":
                return new Floors.JdkHttp(base);
            default:
                throw new IllegalArgumentException("unknown client " + name + "; one of " + GENERATE);
        }
    }

    private static Path imageFile(Path prefix, int i) {
        return prefix.resolveSibling(prefix.getFileName() + "-" + i + ".png");
    }

    /** Digests files in 64 KiB reads (a heap trial must not hold a streamed image to check it). */
    private static Workloads.Digest digestFiles(List<Path> files) throws IOException {
        Workloads.Digest d = new Workloads.Digest();
        byte[] buffer = new byte[64 * 1024];
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                d.addStream(in, buffer);
            }
        }
        return d;
    }

    // ---- imagegen4j --------------------------------------------------------------------------------

    static final class Ours extends Client {
        enum Access { BUFFER, BYTES, FILE }

        private final OpenAiImageGenerator generator;
        private final ImageRequest request;
        private final Access access;

        Ours(String base, String workload, int n, Path filePrefix, Access access) {
            this.generator = OpenAiImageGenerator.builder().apiKey("k").baseUrl(base).build();
            ImageRequest.Builder b = ImageRequest.builder().prompt("imagegen4j benchmark").model(ModelId.GPT_IMAGE_2)
                    .size(Workloads.sizeOf(workload));
            if (n > 1) {
                b.n(n);
            }
            if (filePrefix != null) {
                b.sink(n == 1 ? ImageSink.toFile(imageFile(filePrefix, 0))
                        : ImageSink.toDirectory(filePrefix.getParent(), filePrefix.getFileName().toString()));
            }
            this.request = b.build();
            this.access = access;
        }

        @Override
        long run() {
            ImageResult r = generator.generate(request);
            long total = 0;
            for (GeneratedImage image : r.images()) {
                switch (access) {
                    case BUFFER:
                        ByteBuffer bb = image.byteBuffer();
                        total += bb.remaining() + bb.get(bb.limit() - 1);
                        break;
                    case BYTES:
                        byte[] bytes = image.bytes();
                        total += bytes.length + bytes[bytes.length - 1];
                        break;
                    default:
                        total += image.sizeBytes();
                }
            }
            return total;
        }

        @Override
        Workloads.Digest digest() throws IOException {
            ImageResult r = generator.generate(request);
            Workloads.Digest d = new Workloads.Digest();
            List<Path> files = new ArrayList<>();
            for (GeneratedImage image : r.images()) {
                if (access == Access.FILE) {
                    files.add(image.file().orElseThrow(() -> new IllegalStateException(
                            "a file sink produced image " + image.index() + " without a file")));
                } else if (access == Access.BYTES) {
                    d.add(image.bytes());
                } else {
                    d.add(image.byteBuffer());
                }
            }
            return access == Access.FILE ? digestFiles(files) : d;
        }

        @Override
        public void close() {
            generator.close();
        }
    }

    // ---- openai-java -------------------------------------------------------------------------------

    static final class OpenAiJava extends Client {
        private final OpenAIClient client;
        private final ImageGenerateParams params;
        private final Path filePrefix;

        OpenAiJava(String base, String workload, int n, Path filePrefix) {
            // maxRetries(0): every client makes exactly one request per operation (imagegen4j never retries)
            this.client = OpenAIOkHttpClient.builder().baseUrl(base).apiKey("k").maxRetries(0).build();
            ImageGenerateParams.Builder b = ImageGenerateParams.builder().model(ImageModel.of("gpt-image-2"))
                    .prompt("imagegen4j benchmark").size(ImageGenerateParams.Size.of(Workloads.sizeOf(workload)));
            if (n > 1) {
                b.n(n);
            }
            this.params = b.build();
            this.filePrefix = filePrefix;
        }

        /** The decoded images of one call (what a developer holds afterwards). */
        List<byte[]> call() throws IOException {
            ImagesResponse response = client.images().generate(params);
            List<byte[]> images = new ArrayList<>();
            int i = 0;
            for (com.openai.models.images.Image d : response.data().orElseThrow()) {
                byte[] bytes = Base64.getDecoder().decode(d.b64Json().orElseThrow());
                if (filePrefix != null) {
                    Files.write(imageFile(filePrefix, i), bytes);
                }
                images.add(bytes);
                i++;
            }
            return images;
        }

        @Override
        long run() throws IOException {
            long total = 0;
            for (byte[] bytes : call()) {
                total += bytes.length + bytes[bytes.length - 1];
            }
            return total;
        }

        @Override
        Workloads.Digest digest() throws IOException {
            Workloads.Digest d = new Workloads.Digest();
            List<byte[]> images = call();
            if (filePrefix != null) {
                List<Path> files = new ArrayList<>();
                for (int i = 0; i < images.size(); i++) {
                    files.add(imageFile(filePrefix, i));
                }
                return digestFiles(files);
            }
            images.forEach(d::add);
            return d;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    // ---- LangChain4j -------------------------------------------------------------------------------

    static final class LangChain4j extends Client {
        private final OpenAiImageModel model;
        private final int n;
        private final Path filePrefix;

        LangChain4j(String base, String workload, int n, Path filePrefix) {
            this.model = OpenAiImageModel.builder().baseUrl(base).apiKey("k").modelName("gpt-image-2")
                    .size(Workloads.sizeOf(workload)).maxRetries(0).timeout(Duration.ofMinutes(10)).build();
            this.n = n;
            this.filePrefix = filePrefix;
        }

        /** The decoded images of one call (what a developer holds afterwards). */
        List<byte[]> call() throws IOException {
            List<Image> images = n == 1 ? List.of(model.generate("imagegen4j benchmark").content())
                    : model.generate("imagegen4j benchmark", n).content();
            List<byte[]> decoded = new ArrayList<>();
            int i = 0;
            for (Image image : images) {
                byte[] bytes = Base64.getDecoder().decode(image.base64Data());
                if (filePrefix != null) {
                    Files.write(imageFile(filePrefix, i), bytes);
                }
                decoded.add(bytes);
                i++;
            }
            return decoded;
        }

        @Override
        long run() throws IOException {
            long total = 0;
            for (byte[] bytes : call()) {
                total += bytes.length + bytes[bytes.length - 1];
            }
            return total;
        }

        @Override
        Workloads.Digest digest() throws IOException {
            Workloads.Digest d = new Workloads.Digest();
            call().forEach(d::add);
            return d;
        }
    }

    // ---- edits (uploads) ---------------------------------------------------------------------------

    /** Clients that upload {@code files} as reference images of one edit. */
    static Client edit(String name, String emulatorBase, List<Path> files) {
        switch (name) {
            case "imagegen4j-edit":
                return new Client() {
                    private final OpenAiImageGenerator generator = OpenAiImageGenerator.builder().apiKey("k")
                            .baseUrl(emulatorBase + "/v1").build();

                    @Override
                    Workloads.Digest digest() {
                        return new Workloads.Digest().add(generate().image().byteBuffer());
                    }

                    private ImageResult generate() {
                        ImageRequest.Builder b = ImageRequest.builder().prompt("combine the references")
                                .model(ModelId.GPT_IMAGE_2).size("1024x1024");
                        files.forEach(b::image);
                        return generator.generate(b.build());
                    }

                    @Override
                    long run() {
                        return generate().image().byteBuffer().remaining();
                    }

                    @Override
                    public void close() {
                        generator.close();
                    }
                };
            case "openai-java-edit":
                return new Client() {
                    private final OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(emulatorBase + "/v1")
                            .apiKey("k").maxRetries(0).timeout(Duration.ofMinutes(10)).build();

                    @Override
                    Workloads.Digest digest() throws IOException {
                        return new Workloads.Digest().add(edit());
                    }

                    @Override
                    long run() throws IOException {
                        return edit().length;
                    }

                    private byte[] edit() throws IOException {
                        List<InputStream> streams = new ArrayList<>();
                        for (Path f : files) {
                            streams.add(Files.newInputStream(f));
                        }
                        try {
                            ImagesResponse r = client.images().edit(ImageEditParams.builder()
                                    .image(ImageEditParams.Image.ofInputStreams(streams))
                                    .prompt("combine the references").model(ImageModel.of("gpt-image-2"))
                                    .size(ImageEditParams.Size.of("1024x1024")).build());
                            return Base64.getDecoder().decode(r.data().orElseThrow().get(0).b64Json().orElseThrow());
                        } finally {
                            for (InputStream s : streams) {
                                s.close();
                            }
                        }
                    }

                    @Override
                    public void close() {
                        client.close();
                    }
                };
            default:
                throw new IllegalArgumentException("unknown edit client " + name
                        + "; one of imagegen4j-edit, openai-java-edit (LangChain4j's OpenAiImageModel.edit takes one "
                        + "image)");
        }
    }
}
