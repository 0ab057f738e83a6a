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
    /** Sizes of the reference images; {@code null} entries for images given by a reference the emulator cannot read. */
    final List<int[]> inputSizes = new ArrayList<>();

    boolean transparent() {
        return "transparent".equals(background);
    }
}
