package dev.imagegen4j.testkit;

import java.util.ArrayList;
import java.util.List;

/** A validated OpenAI-Images-protocol request: what to render and how to answer. Confined to the request's thread. */
final class ImageJob {
    ImagesRoute.Op op;
    Models.Model model;
    String prompt = "";
    int n = 1;
    String requestedSize;
    int width;
    int height;
    String requestedQuality;
    String quality;
    String requestedBackground;
    String background;
    String format = "png";
    int compression = 100;
    String responseFormat;
    String style;
    boolean stream;
    int partials;
    boolean jsonEdit;
    /** GPT Image 2.6 {@code complexity} (default high); {@code null} for earlier models. */
    String complexity;
    /** {@code safety_identifier} as sent (echoed in responses); {@code null} when absent. */
    String safetyIdentifier;
    /** {@code svg.model} and {@code svg.reasoning.effort}; {@code null} when absent. */
    String svgModel;
    String svgEffort;
    /** GIF frames and per-frame duration (rounded to 10 ms). */
    int frames = 1;
    int frameMillis;
    /** The first reference image, mask and markup as sent, when the emulator could read them (for rendering). */
    byte[] firstImage;
    byte[] mask;
    byte[] markup;
    /** The decoded inputs, filled once by the renderer. */
    boolean inputsDecoded;
    java.awt.image.BufferedImage baseImage;
    java.awt.image.BufferedImage maskOverlay;
    java.awt.image.BufferedImage markupImage;
    /** The markup overlay's size, counted as an input image; {@code null} when none. */
    int[] markupSize;
    /** Sizes of the reference images; {@code null} entries for images given by a reference the emulator cannot read. */
    final List<int[]> inputSizes = new ArrayList<>();

    boolean transparent() {
        return "transparent".equals(background);
    }
}
