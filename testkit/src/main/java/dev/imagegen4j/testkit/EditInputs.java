package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Checks the reference images and mask of an edit or variation (multipart parts or the JSON {@code images[]}
 * references) and records what was read in the {@link ImageJob}. One instance per request.
 */
final class EditInputs {

    static final int MAX_IMAGES = 16;

    private final Exchange ex;
    private final ImageJob job;
    private final Errors errors;

    EditInputs(Exchange ex, ImageJob job, Errors errors) {
        this.ex = ex;
        this.job = job;
        this.errors = errors;
    }

    void check() {
        List<byte[]> images = new ArrayList<>();
        byte[] mask = null;
        boolean maskGiven = false;
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
        } else {
            for (RecordedPart p : ex.parts) {
                if (p.name().equals("image") || p.name().equals("image[]")) {
                    images.add(p.contentNoCopy());
                } else if (p.name().equals("mask")) {
                    maskGiven = true;
                    mask = p.contentNoCopy();
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
        boolean dalle2 = job.model.family == Models.Family.DALLE2;
        if (dalle2 && images.size() != 1) {
            throw errors.invalid("Invalid 'image': " + job.model.id + " accepts exactly one image.", "image",
                    "invalid_value");
        }
        long maxBytes = dalle2 ? 4L * 1024 * 1024 : 50L * 1024 * 1024;
        for (int i = 0; i < images.size(); i++) {
            byte[] img = images.get(i);
            if (img == null) {
                job.inputSizes.add(null); // a URL or file id the emulator does not fetch
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
        }
        if (maskGiven && mask != null) {
            ImageInfo m = ImageInfo.of(mask);
            if (m == null || !m.format.equals("png")) {
                throw errors.invalid("Invalid mask image: the mask must be a PNG image.", "mask",
                        "invalid_image_format");
            }
            int[] first = job.inputSizes.get(0);
            if (first != null && (first[0] != m.width || first[1] != m.height)) {
                throw errors.invalid("Invalid mask image: the mask and the image must have the same dimensions; "
                        + "got image " + first[0] + "x" + first[1] + " and mask " + m.width + "x" + m.height + ".",
                        "mask", "invalid_value");
            }
        }
    }

    /** Decodes an {@code ImageRefParam}: a data URL's bytes, or {@code null} for an http(s) URL or file id. */
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
            return null;
        }
        String u = ref.get("image_url").asText();
        if (u.startsWith("http://") || u.startsWith("https://")) {
            return null;
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
}
