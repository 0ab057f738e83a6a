package dev.imagegen4j.langchain4j;

import dev.imagegen4j.GeneratedImage;
import dev.imagegen4j.ImageInput;
import dev.imagegen4j.InvalidRequestException;
import dev.imagegen4j.OutputFormat;
import dev.imagegen4j.RetryableException;
import dev.imagegen4j.internal.ImageHeaders;
import dev.imagegen4j.internal.SafeDownloader;
import dev.langchain4j.data.image.Image;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Moves images between LangChain4j's {@link Image} (base64 or a URL) and imagegen4j's {@link ImageInput} /
 * {@link GeneratedImage}. URLs are fetched with {@link SafeDownloader} (design.md §6: https only, no private or
 * metadata addresses, a size cap, loopback only when allowed). Thread-safe.
 */
final class Conversions {

    private final SafeDownloader downloader;
    private final long maxBytes;

    Conversions(boolean allowLoopback, long maxBytes, Duration timeout, Duration idleTimeout, Duration deadline) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxDownloadBytes " + maxBytes + ": must be at least 1");
        }
        positive(timeout, "downloadTimeout");
        positive(idleTimeout, "downloadIdleTimeout");
        positive(deadline, "downloadDeadline");
        this.downloader = SafeDownloader.builder().allowLoopback(allowLoopback).maxBytes(maxBytes)
                .connectTimeout(timeout).headersTimeout(timeout).idleTimeout(idleTimeout).deadline(deadline).build();
        this.maxBytes = maxBytes;
    }

    private static void positive(Duration d, String setting) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(setting + " " + d + ": must be positive");
        }
    }

    /**
     * The encoded bytes of a LangChain4j image: its base64 data, a {@code data:} URL, or an http(s) URL
     * downloaded under the §6 rules.
     *
     * @param what {@code image} or {@code mask}, for messages
     * @throws InvalidRequestException if the image has no data, the base64 is broken, the URL is refused, or its
     *                                 download failed for good (a 4xx, too large, not an image answer)
     * @throws RetryableException      if the download failed in a way that may pass (network, timeout, 5xx)
     */
    byte[] bytes(Image image, String what) {
        if (image == null) {
            throw new InvalidRequestException(what, what + " is required");
        }
        if (image.base64Data() != null && !image.base64Data().isBlank()) {
            return decode(image.base64Data(), what);
        }
        URI url = image.url();
        if (url == null) {
            throw new InvalidRequestException(what, what + " has neither base64 data nor a URL");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("data")) {
            return dataUrl(url, what);
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new InvalidRequestException(what, what + " URL scheme '" + scheme + "' is not supported: give base64 "
                    + "data, a data: URL or an https URL");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            downloader.download(url, out);
        } catch (SafeDownloader.DownloadException e) {
            if (e.isTransient()) {
                throw new RetryableException("could not download the " + what + " URL: " + e.getMessage());
            }
            throw new InvalidRequestException(what, what + " URL " + (e.reason() == SafeDownloader.Reason.REFUSED
                    ? "refused: " : "not usable: ") + e.getMessage());
        } catch (IOException e) {
            throw new RetryableException("could not download the " + what + " URL " + shown(url) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("interrupted while downloading the " + what + " URL " + shown(url));
        }
        return out.toByteArray();
    }

    /** An {@link ImageInput} of a LangChain4j image, named {@code what.ext} after its detected type. */
    ImageInput input(Image image, String what) {
        byte[] bytes = bytes(image, what);
        Optional<ImageHeaders.Info> info = ImageHeaders.read(bytes);
        String ext = info.flatMap(i -> OutputFormat.fromMimeType(i.mimeType()))
                .or(() -> OutputFormat.fromMimeType(image.mimeType()))
                .map(OutputFormat::extension).orElse("png");
        return ImageInput.of(bytes, what + "." + ext);
    }

    /** A LangChain4j image holding {@code image}'s bytes as base64, its MIME type, revised prompt and URL. */
    static Image toLangChain4j(GeneratedImage image) {
        String base64;
        if (image.inMemory()) {
            ByteBuffer encoded = Base64.getEncoder().encode(image.byteBuffer());
            base64 = StandardCharsets.ISO_8859_1.decode(encoded).toString();
        } else {
            base64 = Base64.getEncoder().encodeToString(image.bytes());
        }
        Image.Builder b = Image.builder().base64Data(base64).mimeType(image.mimeType());
        image.revisedPrompt().ifPresent(b::revisedPrompt);
        image.url().ifPresent(b::url);
        return b.build();
    }

    /** The bytes of {@code in}, for handing an {@link ImageInput} to LangChain4j as base64. */
    static String base64(ImageInput input) {
        try (InputStream in = input.openStream()) {
            return Base64.getEncoder().encodeToString(in.readAllBytes());
        } catch (IOException e) {
            throw new InvalidRequestException("image", "cannot read " + input + ": " + e.getMessage());
        }
    }

    private byte[] decode(String base64, String what) {
        // Reject before decoding: base64 is 4/3 of the decoded size.
        if (base64.length() / 4 * 3 > maxBytes + 3) {
            throw new InvalidRequestException(what, what + " base64 data of " + base64.length()
                    + " characters exceeds the limit of " + maxBytes + " bytes");
        }
        try {
            String clean = base64.chars().anyMatch(Character::isWhitespace) ? base64.replaceAll("\\s+", "") : base64;
            return Base64.getDecoder().decode(clean);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(what, what + " base64 data is not valid base64: " + e.getMessage());
        }
    }

    private byte[] dataUrl(URI url, String what) {
        String s = url.toString();
        int comma = s.indexOf(',');
        if (comma < 0 || !s.substring(0, comma).toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw new InvalidRequestException(what, what + " data: URL must be base64 encoded "
                    + "(data:image/png;base64,...)");
        }
        return decode(s.substring(comma + 1), what);
    }

    private static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
