package dev.imagegen4j.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A raw socket HTTP/1.1 client for tests that need byte-level control. */
final class RawHttp implements AutoCloseable {

    final Socket socket;
    final InputStream in;
    final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void sendPost(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        write("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer k\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
        out.write(body);
        out.flush();
    }

    void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads up to and including the blank line ending a response head; header names as sent (lower case). */
    String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("EOF in response head: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads exactly {@code n} body bytes. */
    byte[] readBody(int n) throws IOException {
        return in.readNBytes(n);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
