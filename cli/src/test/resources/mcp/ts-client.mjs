// Drives `imagegen mcp` over stdio with the official MCP TypeScript SDK client and prints one JSON summary line.
// Usage: node ts-client.mjs JAVA JAR OUT_DIR (no API key in the environment: the built-in emulator, with its notice)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [java, jar, out] = process.argv.slice(2);
const transport = new StdioClientTransport({
  command: java,
  args: ["-jar", jar, "mcp", "--out", out],
  stderr: "pipe",
});
let stderr = "";
transport.stderr?.on("data", (chunk) => { stderr += chunk.toString(); });
const client = new Client({ name: "imagegen4j-ts-test", version: "1.0.0" });
await client.connect(transport);

const progress = [];
const tools = await client.listTools();
const generated = await client.callTool(
  { name: "generate_image", arguments: { prompt: "a lighthouse at dusk", size: "1024x1024", quality: "low" } },
  undefined,
  { onprogress: (p) => progress.push(p), timeout: 120000 });
const name = generated.structuredContent?.images?.[0]?.name;
const edited = await client.callTool(
  { name: "edit_image", arguments: { prompt: "add a boat", images: [name] } }, undefined, { timeout: 120000 });
const badSize = await client.callTool({ name: "generate_image", arguments: { prompt: "x", size: "1000x1000" } });
const outside = await client.callTool({ name: "edit_image", arguments: { prompt: "x", images: ["/etc/passwd"] } });
const models = await client.callTool({ name: "list_models", arguments: {} });
await client.close();

const text = (r) => r.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");
console.log(JSON.stringify({
  server: client.getServerVersion(),
  tools: tools.tools.map((t) => t.name),
  qualityEnum: tools.tools.find((t) => t.name === "generate_image").inputSchema.properties.quality.enum,
  generated: { isError: generated.isError ?? false, structured: generated.structuredContent,
    links: generated.content.filter((c) => c.type === "resource_link").map((c) => c.uri) },
  edited: { isError: edited.isError ?? false, structured: edited.structuredContent },
  badSize: { isError: badSize.isError ?? false, text: text(badSize) },
  outside: { isError: outside.isError ?? false, text: text(outside) },
  servingModel: models.structuredContent?.server_model,
  progress: progress.length,
  stderrHasNotice: stderr.includes("built-in emulator"),
}));
