package dev.imagegen4j.langchain4j;

import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import javax.imageio.ImageIO;

/** Real images for tests, and a loopback HTTP server that serves one. */
final class TestImages {

    private TestImages() {
    }

    /** An opaque PNG of {@code w x h}. */
    static byte[] png(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(30, 80, 160));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return encode(img);
    }

    /** A PNG mask of {@code w x h}: opaque, with a fully transparent top half (the part to edit). */
    static byte[] mask(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = h / 2; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, 0xff000000);
            }
        }
        return encode(img);
    }

    private static byte[] encode(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves {@code body} as {@code image/png} at {@code /image.png} on loopback until closed. */
    static final class ImageServer implements AutoCloseable {
        private final HttpServer server;

        ImageServer(byte[] body) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/image.png", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/image.png");
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
