// The official openai client, pointed at Junction: lists models, gets a completion, streams one.
// Usage: node openai-e2e.mjs <junction base URL> <model for the completion> <model for the stream>
// Prints one JSON object on stdout for OpenAiClientTest to check.
import OpenAI from 'openai';

const [base, completionModel, streamModel] = process.argv.slice(2);
if (!base || !completionModel || !streamModel) {
  console.error('usage: node openai-e2e.mjs <junction URL> <completion model> <stream model>');
  process.exit(2);
}
const client = new OpenAI({ baseURL: base.replace(/\/$/, '') + '/v1', apiKey: 'sk-junction-test', maxRetries: 0, timeout: 30000 });

const models = [];
for await (const m of client.models.list()) {
  models.push({ id: m.id, owned_by: m.owned_by });
}

const completion = await client.chat.completions.create({
  model: completionModel,
  messages: [{ role: 'user', content: 'Who answers?' }],
});

const stream = await client.chat.completions.create({
  model: streamModel,
  messages: [{ role: 'user', content: 'Who streams?' }],
  stream: true,
});
let streamed = '';
let chunks = 0;
for await (const chunk of stream) {
  chunks += 1;
  streamed += chunk.choices[0]?.delta?.content ?? '';
}

console.log(JSON.stringify({
  models,
  completion: { model: completion.model, content: completion.choices[0].message.content },
  stream: { content: streamed, chunks },
}));
