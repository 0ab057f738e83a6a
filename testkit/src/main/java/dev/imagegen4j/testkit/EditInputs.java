package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks the reference images, mask and markup overlay of an edit or variation (multipart parts, or the JSON
 * form's image references) and records what was read in the {@link ImageJob}. References in the JSON form:
 * a base64 data URL (decoded and checked); an http(s) URL on loopback (fetched: the emulator's own
 * {@code /files/...} directly, other loopback servers over HTTP; a failed download is a 400); an http(s) URL
 * elsewhere or a {@code file-...} id (not fetched: a placeholder counted as a 1024x1024 input). One instance per
 * request.
 */
final class EditInputs {

    static final int MAX_IMAGES = 16;
    /** The longest {@code image_url} (a data URL) the JSON form takes, in characters. */
    static final int MAX_IMAGE_URL_CHARS = 20_971_520;
    private static final long GPT_MAX_BYTES = 50L * 1024 * 1024;
    private static final long SMALL_MAX_BYTES = 4L * 1024 * 1024;
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final HttpClient FETCHER = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final Exchange ex;
    private final ImageJob job;
    private final Errors errors;
    private final EmulatorContext ctx;

    EditInputs(Exchange ex, ImageJob job, Errors errors, EmulatorContext ctx) {
        this.ex = ex;
        this.job = job;
        this.errors = errors;
        this.ctx = ctx;
    }

    void check() {
        List<byte[]> images = new ArrayList<>();
        byte[] mask = null;
        boolean maskGiven = false;
        byte[] markup = null;
        boolean markupGiven = false;
        boolean markupKnown = job.model.isGpt26OrLater();
        if (job.jsonEdit) {
            if (job.model.isDalle()) {
                throw errors.invalid("The JSON edit body is only supported for GPT image models; send "
                        + "multipart/form-data for '" + job.model.id + "'.", "model", "invalid_value");
            }
            JsonNode arr = ex.json.get("images");
            if (arr == null || arr.isNull()) {
                throw errors.missing("images");
            }
            if (!arr.isArray()) {
                throw errors.invalid("Invalid type for 'images': expected an array, but got "
                        + arr.getNodeType().name().toLowerCase(Locale.ROOT) + " instead.", "images",
                        "invalid_type");
            }
            if (arr.size() < 1 || arr.size() > MAX_IMAGES) {
                throw errors.invalid("Invalid 'images': array " + (arr.size() < 1 ? "too short" : "too long")
                        + ". Expected an array with " + (arr.size() < 1 ? "minimum length 1" : "maximum length "
                        + MAX_IMAGES) + ", but got an array with length " + arr.size() + " instead.", "images",
                        arr.size() < 1 ? "array_below_min_length" : "array_above_max_length");
            }
            for (int i = 0; i < arr.size(); i++) {
                images.add(imageRef(arr.get(i), "images[" + i + "]"));
            }
            JsonNode m = ex.json.get("mask");
            if (m != null && !m.isNull()) {
                maskGiven = true;
                mask = imageRef(m, "mask");
            }
            JsonNode k = ex.json.get("markup");
            if (markupKnown && k != null && !k.isNull()) {
                markupGiven = true;
                markup = imageRef(k, "markup");
            }
        } else {
            for (RecordedPart p : ex.parts) {
                if (p.name().equals("image") || p.name().equals("image[]")) {
                    images.add(p.contentNoCopy());
                } else if (p.name().equals("mask") && !maskGiven) {
                    maskGiven = true;
                    mask = p.contentNoCopy();
                } else if (p.name().equals("markup") && markupKnown && !markupGiven) {
                    markupGiven = true;
                    markup = p.contentNoCopy();
                }
            }
            if (images.isEmpty()) {
                throw errors.missing("image");
            }
            if (images.size() > MAX_IMAGES) {
                throw errors.invalid("Invalid 'image': array too long. Expected an array with maximum length "
                        + MAX_IMAGES + ", but got an array with length " + images.size() + " instead.", "image",
                        "array_above_max_length");
            }
        }
        checkImages(images);
        if (maskGiven) {
            checkMask(mask);
        }
        if (markupGiven) {
            checkMarkup(markup);
        }
    }

    private void checkImages(List<byte[]> images) {
        boolean dalle2 = job.model.family == Models.Family.DALLE2;
        if (dalle2 && images.size() != 1) {
            throw errors.invalid("Invalid 'image': " + job.model.id + " accepts exactly one image.", "image",
                    "invalid_value");
        }
        long maxBytes = dalle2 ? SMALL_MAX_BYTES : GPT_MAX_BYTES;
        for (int i = 0; i < images.size(); i++) {
            byte[] img = images.get(i);
            if (img == null) {
                job.inputSizes.add(null); // a reference the emulator does not fetch
                continue;
            }
            if (img.length > maxBytes) {
                throw errors.invalid("Invalid 'image': image " + (i + 1) + " is larger than " + maxBytes / (1024
                        * 1024) + " MB.", "image", "image_too_large");
            }
            ImageInfo info = ImageInfo.of(img);
            if (info == null) {
                throw errors.invalid("Invalid image file or mode for image " + (i + 1) + ", please check your "
                        + "image file. Supported formats are png, jpeg and webp.", "image",
                        "invalid_image_format");
            }
            if (dalle2 && (!info.format.equals("png") || info.width != info.height)) {
                throw errors.invalid("Invalid input image - " + job.model.id + " requires a square PNG image.",
                        "image", "invalid_image_format");
            }
            job.inputSizes.add(new int[] {info.width, info.height});
            if (i == 0) {
                job.firstImage = img;
            }
        }
    }

    private void checkMask(byte[] mask) {
        if (job.format.equals("gif")) {
            throw errors.invalid("Unsupported parameter: 'mask' is not supported with output_format 'gif'.", "mask",
                    "unsupported_parameter");
        }
        if (mask == null) {
            return; // a reference the emulator does not fetch
        }
        if (mask.length > SMALL_MAX_BYTES) {
            throw errors.invalid("Invalid 'mask': the mask is larger than 4 MB.", "mask", "image_too_large");
        }
        ImageInfo m = overlay(mask, "mask");
        if (!m.hasAlpha()) {
            throw errors.invalid("Invalid mask image - the mask must have an alpha channel (format must be in "
                    + "['RGBA', 'LA']), got " + m.mode + ". Fully transparent pixels mark the area to edit.", "mask",
                    "invalid_image_format");
        }
        sameSizeAsFirst(m, "mask");
        job.mask = mask;
    }

    private void checkMarkup(byte[] markup) {
        if (markup == null) {
            job.markupSize = new int[] {1024, 1024}; // a reference the emulator does not fetch
            return;
        }
        if (markup.length > GPT_MAX_BYTES) {
            throw errors.invalid("Invalid 'markup': the markup is larger than 50 MB.", "markup", "image_too_large");
        }
        ImageInfo m = overlay(markup, "markup");
        if (!m.hasAlpha()) {
            throw errors.invalid("Invalid markup image - the markup must be a transparent overlay with an alpha "
                    + "channel (format must be in ['RGBA', 'LA']), got " + m.mode + ".", "markup",
                    "invalid_image_format");
        }
        sameSizeAsFirst(m, "markup");
        job.markup = markup;
        job.markupSize = new int[] {m.width, m.height};
    }

    private ImageInfo overlay(byte[] bytes, String name) {
        ImageInfo info = ImageInfo.of(bytes);
        if (info == null || !info.format.equals("png")) {
            throw errors.invalid("Invalid " + name + " image: the " + name + " must be a PNG image.", name,
                    "invalid_image_format");
        }
        return info;
    }

    private void sameSizeAsFirst(ImageInfo overlay, String name) {
        int[] first = job.inputSizes.get(0);
        if (first != null && (first[0] != overlay.width || first[1] != overlay.height)) {
            throw errors.invalid("Invalid " + name + " image: the " + name + " and the image must have the same "
                    + "dimensions; got image " + first[0] + "x" + first[1] + " and " + name + " " + overlay.width + "x"
                    + overlay.height + ".", name, "invalid_value");
        }
    }

    /**
     * Reads an {@code ImageRefParam}: a data URL's bytes, a loopback URL's downloaded bytes, or {@code null} for
     * a reference the emulator does not fetch (a file id, a URL off this machine).
     */
    private byte[] imageRef(JsonNode ref, String param) {
        if (!ref.isObject()) {
            throw errors.invalid("Invalid type for '" + param + "': expected an object.", param, "invalid_type");
        }
        Iterator<String> names = ref.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("image_url") && !n.equals("file_id")) {
                throw errors.unknownParameter(param + "." + n);
            }
        }
        boolean url = ref.hasNonNull("image_url");
        boolean file = ref.hasNonNull("file_id");
        if (url == file) {
            throw errors.invalid("Invalid '" + param + "': provide exactly one of 'image_url' or 'file_id'.",
                    param, "invalid_value");
        }
        if (file) {
            String id = ref.get("file_id").asText();
            if (!id.startsWith("file-") || id.length() == "file-".length()) {
                throw errors.invalid("Invalid '" + param + ".file_id': '" + id + "'. Expected an ID that begins with "
                        + "'file-'.", param + ".file_id", "invalid_value");
            }
            return null;
        }
        String u = ref.get("image_url").asText();
        if (u.length() > MAX_IMAGE_URL_CHARS) {
            throw errors.invalid("Invalid '" + param + ".image_url': string too long. Expected a string with maximum "
                    + "length " + MAX_IMAGE_URL_CHARS + ", but got a string with length " + u.length() + " instead.",
                    param + ".image_url", "string_above_max_length");
        }
        if (u.startsWith("http://") || u.startsWith("https://")) {
            return fetchIfLocal(u, param + ".image_url");
        }
        if (!u.startsWith("data:") || !u.contains(";base64,")) {
            throw errors.invalid("Invalid '" + param + ".image_url': expected an http(s) URL or a base64 data URL.",
                    param + ".image_url", "invalid_value");
        }
        try {
            return Base64.getDecoder().decode(u.substring(u.indexOf(";base64,") + 8));
        } catch (IllegalArgumentException e) {
            throw errors.invalid("Invalid '" + param + ".image_url': the data URL is not valid base64.",
                    param + ".image_url", "invalid_value");
        }
    }

    /** Downloads a loopback URL (never another host); {@code null} for URLs off this machine. */
    private byte[] fetchIfLocal(String url, String param) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw errors.invalid("Invalid '" + param + "': '" + url + "' is not a valid URL.", param, "invalid_value");
        }
        if (!isLoopback(uri.getHost())) {
            return null; // the emulator never reaches beyond loopback: a placeholder input stands in
        }
        URI own = URI.create(ctx.baseUrl());
        String path = uri.getRawPath() == null ? "" : uri.getPath();
        if (uri.getPort() == own.getPort() && path.startsWith("/files/")) {
            Response served = ctx.files.get(path.substring("/files/".length()));
            if (served == null || served.bytes == null) {
                throw downloadFailed(url, param);
            }
            return served.bytes;
        }
        try {
            HttpResponse<InputStream> r = FETCHER.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw downloadFailed(url, param);
                }
                byte[] bytes = in.readNBytes((int) GPT_MAX_BYTES + 1);
                if (bytes.length > GPT_MAX_BYTES) {
                    throw errors.invalid("Invalid '" + param + "': the image at " + url + " is larger than 50 MB.",
                            param, "image_too_large");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw downloadFailed(url, param);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw downloadFailed(url, param);
        }
    }

    private ApiError downloadFailed(String url, String param) {
        return errors.invalid("Error while downloading " + url + ".", param, "invalid_image_url");
    }

    /** {@code localhost} or a loopback IP literal; never resolves a name (no DNS lookups). */
    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || IPV4_LOOPBACK.matcher(h).matches();
    }
}
