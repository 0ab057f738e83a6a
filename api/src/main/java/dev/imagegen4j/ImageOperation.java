package dev.imagegen4j;

/** What a request asks for; derived from the request's reference images. */
public enum ImageOperation {
    /** Text to image: no reference images. */
    GENERATE,
    /** Edit: 1..16 reference images, optionally a mask (inpainting). */
    EDIT,
    /** Variations of one image without a prompt (DALL·E 2 only). */
    VARIATION
}
