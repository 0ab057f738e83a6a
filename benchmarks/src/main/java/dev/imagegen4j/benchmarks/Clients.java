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
import dev.langchain4j.model.openai.OpenAiImageModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The clients under test, each doing what a developer would write to get one image's decoded bytes (or
 * a file) from the same server response. Every {@link Client#run()} returns the number of decoded image
 * bytes it produced, which the benchmarks consume so nothing is optimised away.
 */
final class Clients {

    /** Client names, as used on command lines and in result files. */
    static final List<String> GENERATE = List.of("imagegen4j-buffer", "imagegen4j-bytes", "imagegen4j-file",
            "openai-java", "openai-java-file", "langchain4j", "langchain4j-file", "floor-base64", "floor-loopback");

    private Clients() {
    }

    /** One configured client. */
    abstract static class Client implements AutoCloseable {
        abstract long run() throws Exception;

        @Override
        public void close() throws Exception {
        }
    }

    static String generationsBase(String replay, String workload) {
        return replay + "/w/" + workload + "/v1";
    }

    static String sizeOf(String workload) {
        return workload.matches("\\d+x\\d+") ? workload : "1024x1024";
    }

    /**
     * A client for {@code name} generating from {@code base} (an OpenAI-style base URL ending in
     * {@code /v1}).
     *
     * @param scratch a directory for the file variants
     */
    static Client create(String name, String base, String workload, Path scratch) throws IOException {
        switch (name) {
            case "imagegen4j-buffer":
                return new Ours(base, workload, null, Ours.Access.BUFFER);
            case "imagegen4j-bytes":
                return new Ours(base, workload, null, Ours.Access.BYTES);
            case "imagegen4j-file":
                return new Ours(base, workload, scratch.resolve("imagegen4j-" + workload + ".png"), Ours.Access.FILE);
            case "openai-java":
                return new OpenAiJava(base, workload, null);
            case "openai-java-file":
                return new OpenAiJava(base, workload, scratch.resolve("openai-java-" + workload + ".png"));
            case "langchain4j":
                return new LangChain4j(base, workload, null);
            case "langchain4j-file":
                return new LangChain4j(base, workload, scratch.resolve("langchain4j-" + workload + ".png"));
            case "floor-base64":
                return new FloorBase64(base);
            case "floor-loopback":
                return new FloorLoopback(base);
            default:
                throw new IllegalArgumentException("unknown client " + name + "; one of " + GENERATE);
        }
    }

    // ---- imagegen4j --------------------------------------------------------------------------------

    static final class Ours extends Client {
        enum Access { BUFFER, BYTES, FILE }

        private final OpenAiImageGenerator generator;
        private final ImageRequest request;
        private final Access access;

        Ours(String base, String workload, Path file, Access access) {
            this.generator = OpenAiImageGenerator.builder().apiKey("k").baseUrl(base).build();
            ImageRequest.Builder b = ImageRequest.builder().prompt("imagegen4j benchmark").model(ModelId.GPT_IMAGE_2)
                    .size(sizeOf(workload));
            if (file != null) {
                b.sink(ImageSink.toFile(file));
            }
            this.request = b.build();
            this.access = access;
        }

        @Override
        long run() {
            ImageResult r = generator.generate(request);
            GeneratedImage image = r.image();
            switch (access) {
                case BUFFER:
                    ByteBuffer bb = image.byteBuffer();
                    return bb.remaining() + bb.get(bb.limit() - 1);
                case BYTES:
                    byte[] bytes = image.bytes();
                    return bytes.length + bytes[bytes.length - 1];
                default:
                    return image.sizeBytes();
            }
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
        private final Path file;

        OpenAiJava(String base, String workload, Path file) {
            // maxRetries(0): every client makes exactly one request per operation (imagegen4j never retries)
            this.client = OpenAIOkHttpClient.builder().baseUrl(base).apiKey("k").maxRetries(0).build();
            this.params = ImageGenerateParams.builder().model(ImageModel.of("gpt-image-2"))
                    .prompt("imagegen4j benchmark").size(ImageGenerateParams.Size.of(sizeOf(workload))).build();
            this.file = file;
        }

        @Override
        long run() throws IOException {
            ImagesResponse response = client.images().generate(params);
            byte[] bytes = Base64.getDecoder().decode(response.data().orElseThrow().get(0).b64Json().orElseThrow());
            if (file != null) {
                Files.write(file, bytes);
            }
            return bytes.length + bytes[bytes.length - 1];
        }

        @Override
        public void close() {
            client.close();
        }
    }

    // ---- LangChain4j -------------------------------------------------------------------------------

    static final class LangChain4j extends Client {
        private final OpenAiImageModel model;
        private final Path file;

        LangChain4j(String base, String workload, Path file) {
            this.model = OpenAiImageModel.builder().baseUrl(base).apiKey("k").modelName("gpt-image-2")
                    .size(sizeOf(workload)).maxRetries(0).timeout(Duration.ofMinutes(10)).build();
            this.file = file;
        }

        @Override
        long run() throws IOException {
            String b64 = model.generate("imagegen4j benchmark").content().base64Data();
            byte[] bytes = Base64.getDecoder().decode(b64);
            if (file != null) {
                Files.write(file, bytes);
            }
            return bytes.length + bytes[bytes.length - 1];
        }
    }

    // ---- floors ------------------------------------------------------------------------------------

    /** The body already in a local array; only {@code java.util.Base64} decoding of its image is measured. */
    static final class FloorBase64 extends Client {
        private final byte[] body;
        private final int off;
        private final int len;

        FloorBase64(String base) throws IOException {
            // base is .../w/{workload}/v1: fetch the same body once, outside the measured operation
            URI u = URI.create(base);
            String path = u.getPath();
            String workload = path.substring(3, path.indexOf('/', 3));
            try {
                this.body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(u.resolve("/body/" + workload))
                        .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            int[] r = Workloads.b64Region(body);
            this.off = r[0];
            this.len = r[1];
        }

        @Override
        long run() {
            ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(body, off, len));
            return decoded.remaining() + decoded.get(decoded.limit() - 1);
        }
    }

    /** Raw loopback transfer of the same body over a kept-alive socket: no JSON, no base64, no copy. */
    static final class FloorLoopback extends Client {
        private final String host;
        private final int port;
        private final byte[] request;
        private final byte[] buffer = new byte[64 * 1024];
        private Socket socket;

        FloorLoopback(String base) {
            URI u = URI.create(base);
            this.host = u.getHost();
            this.port = u.getPort();
            byte[] json = "{\"model\":\"gpt-image-2\",\"prompt\":\"imagegen4j benchmark\"}".getBytes(StandardCharsets.UTF_8);
            String head = "POST " + u.getPath() + "/images/generations HTTP/1.1\r\nHost: " + host + ":" + port
                    + "\r\nContent-Type: application/json\r\nAuthorization: Bearer k\r\nContent-Length: " + json.length
                    + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            this.request = new byte[h.length + json.length];
            System.arraycopy(h, 0, request, 0, h.length);
            System.arraycopy(json, 0, request, h.length, json.length);
        }

        @Override
        long run() throws IOException {
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
            }
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            // the head: read byte by byte until CRLFCRLF (a few hundred bytes), pick out content-length
            long contentLength = -1;
            int state = 0;
            int lineStart = 0;
            int n = 0;
            while (state < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed in the response head");
                }
                buffer[n++] = (byte) c;
                if (c == '\r' && (state == 0 || state == 2)) {
                    state++;
                } else if (c == '\n' && (state == 1 || state == 3)) {
                    state++;
                    String line = new String(buffer, lineStart, n - lineStart, StandardCharsets.ISO_8859_1)
                            .strip().toLowerCase(Locale.ROOT);
                    if (line.startsWith("content-length:")) {
                        contentLength = Long.parseLong(line.substring(15).strip());
                    }
                    lineStart = n;
                } else {
                    state = 0;
                }
            }
            long left = contentLength;
            while (left > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (r < 0) {
                    throw new IOException("connection closed in the body");
                }
                left -= r;
            }
            return contentLength;
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
            }
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
                    long run() {
                        ImageRequest.Builder b = ImageRequest.builder().prompt("combine the references")
                                .model(ModelId.GPT_IMAGE_2).size("1024x1024");
                        files.forEach(b::image);
                        return generator.generate(b.build()).image().byteBuffer().remaining();
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
                    long run() throws IOException {
                        List<InputStream> streams = new ArrayList<>();
                        for (Path f : files) {
                            streams.add(Files.newInputStream(f));
                        }
                        try {
                            ImagesResponse r = client.images().edit(ImageEditParams.builder()
                                    .image(ImageEditParams.Image.ofInputStreams(streams))
                                    .prompt("combine the references").model(ImageModel.of("gpt-image-2"))
                                    .size(ImageEditParams.Size.of("1024x1024")).build());
                            return Base64.getDecoder().decode(r.data().orElseThrow().get(0).b64Json().orElseThrow())
                                    .length;
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
