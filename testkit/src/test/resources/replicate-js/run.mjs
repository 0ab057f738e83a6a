// Runs one prediction to completion with the official Replicate client against a base URL (the emulator's).
// Usage: node run.mjs BASE_URL TOKEN MODE   (MODE: block = Prefer: wait, poll = create then poll)
import Replicate from "replicate";

const [baseUrl, auth, mode] = process.argv.slice(2);
const replicate = new Replicate({ auth, baseUrl, useFileOutput: false });
const wait = mode === "poll" ? { mode: "poll", interval: 50 } : { mode: "block", timeout: 60 };
const events = [];
const output = await replicate.run("openai/gpt-image-2.5-flare",
  { input: { prompt: "a lighthouse at dusk", aspect_ratio: "3:2", number_of_images: 2, quality: "low" }, wait },
  (prediction) => events.push(prediction.status));
const predictions = await replicate.predictions.list();
console.log(JSON.stringify({ output, events, listed: Array.isArray(predictions.results) }));
