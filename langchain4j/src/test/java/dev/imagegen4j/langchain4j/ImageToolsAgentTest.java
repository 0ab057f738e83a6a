package dev.imagegen4j.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.ImageRequest;
import dev.imagegen4j.ModelId;
import dev.imagegen4j.Quality;
import dev.imagegen4j.openai.OpenAiImageGenerator;
import dev.imagegen4j.testkit.EmulatorExtension;
import dev.imagegen4j.testkit.RecordedRequest;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.service.AiServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** An AiServices agent, driven by a scripted chat model, draws and then refines a picture over real HTTP. */
class ImageToolsAgentTest {

    @RegisterExtension
    static EmulatorExtension emu = EmulatorExtension.create();

    interface Artist {
        String chat(String message);
    }

    /**
     * Plays the LLM without a network: a user message starting with "draw" becomes a createImage call, any other
     * user message an editImage call with it as the instruction; after a tool result it answers with the location
     * the tool returned. It also checks that the tools were offered to it.
     */
    static final class ScriptedChatModel implements ChatModel {
        private static final Pattern SAVED_TO = Pattern.compile("Saved image \\d+.* to (\\S+) \\(");
        final List<List<String>> offeredTools = new ArrayList<>();

        @Override
        public ChatResponse doChat(ChatRequest request) {
            offeredTools.add(request.toolSpecifications().stream().map(ToolSpecification::name)
                    .collect(Collectors.toList()));
            List<ChatMessage> messages = request.messages();
            ChatMessage last = messages.get(messages.size() - 1);
            AiMessage answer;
            if (last instanceof ToolExecutionResultMessage) {
                String result = ((ToolExecutionResultMessage) last).text();
                Matcher m = SAVED_TO.matcher(result);
                answer = AiMessage.from(m.find() ? "Done! Your picture is at " + m.group(1)
                        : "Sorry, that did not work: " + result);
            } else {
                String text = ((UserMessage) last).singleText();
                ToolExecutionRequest call = text.startsWith("draw")
                        ? ToolExecutionRequest.builder().id("call-" + messages.size()).name("createImage")
                                .arguments("{\"description\":" + json(text.substring(5)) + ",\"size\":\"1024x1024\"}")
                                .build()
                        : ToolExecutionRequest.builder().id("call-" + messages.size()).name("editImage")
                                .arguments("{\"instruction\":" + json(text) + "}").build();
                answer = AiMessage.from(call);
            }
            return ChatResponse.builder().aiMessage(answer).build();
        }

        private static String json(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }

    @Test
    void should_draw_then_refine_the_same_picture_when_the_agent_calls_the_tools_twice(@TempDir Path dir)
            throws Exception {
        // given
        ImageGenerator openai = OpenAiImageGenerator.builder().apiKey("sk-test")
                .baseUrl(emu.emulator().baseUrl() + "/v1").build();
        ImageTools tools = ImageTools.builder(openai).directory(dir)
                .defaults(ImageRequest.template().model(ModelId.GPT_IMAGE_2).quality(Quality.LOW).build()).build();
        ScriptedChatModel llm = new ScriptedChatModel();
        Artist artist = AiServices.builder(Artist.class).chatModel(llm).tools(tools)
                .chatMemory(MessageWindowChatMemory.withMaxMessages(20)).build();

        // when
        String first = artist.chat("draw a lighthouse on a cliff");
        String second = artist.chat("make the sky darker");

        // then: two files in the directory
        List<Path> files;
        try (var listing = Files.list(dir)) {
            files = listing.sorted().collect(Collectors.toList());
        }
        Path lighthouse = dir.resolve("a-lighthouse-on-a-cliff.png");
        Path darker = dir.resolve("a-lighthouse-on-a-cliff-2.png");
        assertThat(files).containsExactlyInAnyOrder(lighthouse, darker);

        // and the second request reached the emulator as an edit of the first image
        List<RecordedRequest> posts = emu.emulator().journal().posts();
        assertThat(posts).extracting(RecordedRequest::path)
                .containsExactly("/v1/images/generations", "/v1/images/edits");
        assertThat(posts.get(1).param("prompt")).contains("make the sky darker");
        assertThat(posts.get(1).parts("image[]")).singleElement()
                .satisfies(p -> assertThat(p.content()).isEqualTo(Files.readAllBytes(lighthouse)));
        assertThat(Files.readAllBytes(darker)).isNotEqualTo(Files.readAllBytes(lighthouse));

        // and the agent's replies cite the files the tools returned
        assertThat(first).isEqualTo("Done! Your picture is at " + lighthouse);
        assertThat(second).isEqualTo("Done! Your picture is at " + darker);
        assertThat(llm.offeredTools).allSatisfy(t -> assertThat(t).contains("createImage", "editImage"));
        assertThat(tools.session().history()).hasSize(2);
        assertThat(tools.location(2)).contains(darker.toString());
    }
}
