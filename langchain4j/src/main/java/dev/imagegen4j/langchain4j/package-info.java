/**
 * LangChain4j integration for imagegen4j:
 *
 * <ul>
 *   <li>{@link dev.imagegen4j.langchain4j.ImageGeneratorImageModel}: any imagegen4j
 *       {@link dev.imagegen4j.ImageGenerator} (a provider or a failover route) as a LangChain4j
 *       {@code ImageModel};</li>
 *   <li>{@link dev.imagegen4j.langchain4j.ImageTools}: {@code @Tool} methods for agents that create images and
 *       refine them turn by turn, saving them to an {@link dev.imagegen4j.langchain4j.ImageStore};</li>
 *   <li>{@link dev.imagegen4j.langchain4j.ImageModelGenerator}: the reverse bridge, any LangChain4j
 *       {@code ImageModel} as an {@code ImageGenerator}, so vendors LangChain4j supports can sit in an
 *       imagegen4j failover route.</li>
 * </ul>
 *
 * <p>Nullness: parameters and return values are non-null unless documented otherwise. Builder setters
 * accept {@code null} to unset an option.
 */
package dev.imagegen4j.langchain4j;
