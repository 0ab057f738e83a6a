package dev.imagegen4j.openai;

import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelId;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Run in a forked JVM with a small heap by {@link ForkedHeapTest}: a server declares
 * {@code Content-Length: 1900000000}, sends about 2 MiB of an image and closes. Prints what the call threw.
 */
public final class HugeLengthMain {

    private HugeLengthMain() {
    }

    public static void main(String[] args) throws Exception {
        byte[] raw = new byte[3 << 19];
        new java.util.Random(1).nextBytes(raw);
        byte[] head = ("{\"created\":1,\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(raw))
                .getBytes(StandardCharsets.US_ASCII);
        try (HostileServer server = new HostileServer(x -> {
            x.continueAndReadBody();
            x.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1900000000\r\n\r\n");
            x.write(head);
            x.socket.close();
        }); OpenAiImageGenerator g = OpenAiImageGenerator.builder().apiKey("sk-forked-huge")
                .baseUrl(server.baseUrl()).build()) {
            g.generate(ImageRequest.builder().prompt("huge").model(ModelId.GPT_IMAGE_2).build());
            System.out.println("outcome=success");
        } catch (RuntimeException e) {
            System.out.println("outcome=" + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
