package dev.imagegen4j.examples;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import dev.imagegen4j.langchain4j.ImageTools;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.ImageApiEmulator;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A LangChain4j agent that draws a picture and then refines it: "draw a lighthouse", then "make the sky darker".
 * The second request is an edit of the first image, so the picture stays the same picture.
 *
 * <p>With {@code OPENAI_API_KEY} set it talks to OpenAI for both the chat model ({@code OPENAI_CHAT_MODEL},
 * default {@code gpt-4.1-mini}) and the images ({@code gpt-image-2}, low quality: a few cents). Without it, it runs
 * offline: images come from imagegen4j's in-process emulator (placeholder pictures with the prompt written on
 * them) and a tiny scripted chat model plays the LLM's part, calling the same tools a real model would.
 *
 * <pre>
 * mvn -q -pl examples -am install -DskipTests
 * mvn -q -pl examples exec:java -Dexec.mainClass=dev.imagegen4j.examples.LangChain4jAgentExample
 * </pre>
 * Images are written to {@code ./generated-images} (or the directory given as the first argument).
 */
public final class LangChain4jAgentExample {

    /** What the agent can do for the user. */
    interface Artist {
        @SystemMessage("You are an illustrator. Use the createImage and editImage tools to draw what the user asks; "
                + "to change the last picture use editImage rather than drawing a new one. Always tell the user "
                + "where the picture was saved.")
        String chat(String message);
    }

    private LangChain4jAgentExample() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args.length > 0 ? args[0] : "generated-images");
        Files.createDirectories(directory);
        String apiKey = System.getenv("OPENAI_API_KEY");
        boolean online = apiKey != null && !apiKey.isBlank();

        ImageApiEmulator emulator = online ? null : ImageApiEmulator.start();
        try (ImageGenerator images = online
                ? OpenAiImageGenerator.builder().apiKey(apiKey).build()
                : OpenAiImageGenerator.builder().apiKey("offline").baseUrl(emulator.baseUrl() + "/v1").build()) {
            ChatModel chatModel = online
                    ? OpenAiChatModel.builder().apiKey(apiKey)
                            .modelName(System.getenv().getOrDefault("OPENAI_CHAT_MODEL", "gpt-4.1-mini")).build()
                    : new OfflineChatModel();
            System.out.println(online ? "Using OpenAI." : "OPENAI_API_KEY is not set: using the in-process "
                    + "emulator and a scripted chat model (" + emulator.baseUrl() + ").");

            ImageTools tools = ImageTools.builder(images).directory(directory)
                    .defaults(ImageRequest.template().model(ModelId.GPT_IMAGE_2).quality(Quality.LOW).build())
                    .build();
            Artist artist = AiServices.builder(Artist.class).chatModel(chatModel).tools(tools)
                    .chatMemory(MessageWindowChatMemory.withMaxMessages(20)).build();

            for (String message : List.of("Draw a lighthouse on a cliff at dusk, watercolour.",
                    "Make the sky darker.")) {
                System.out.println("user:  " + message);
                System.out.println("agent: " + artist.chat(message));
            }
            tools.session().history().forEach(turn -> System.out.println("  " + turn));
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    /**
     * Plays the LLM offline: a first request becomes a createImage call, a later one an editImage call, and a tool
     * result is passed on to the user. A real model decides this from the tool descriptions.
     */
    static final class OfflineChatModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            ChatMessage last = messages.get(messages.size() - 1);
            if (last instanceof ToolExecutionResultMessage) {
                return reply(AiMessage.from(((ToolExecutionResultMessage) last).text()));
            }
            String text = ((UserMessage) last).singleText();
            boolean drawnBefore = messages.stream().anyMatch(m -> m instanceof ToolExecutionResultMessage);
            ToolExecutionRequest call = drawnBefore
                    ? ToolExecutionRequest.builder().id("edit-" + messages.size()).name("editImage")
                            .arguments("{\"instruction\":" + quote(text) + "}").build()
                    : ToolExecutionRequest.builder().id("create-" + messages.size()).name("createImage")
                            .arguments("{\"description\":" + quote(text) + ",\"size\":\"1536x1024\"}").build();
            return reply(AiMessage.from(call));
        }

        private static ChatResponse reply(AiMessage message) {
            return ChatResponse.builder().aiMessage(message).build();
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
