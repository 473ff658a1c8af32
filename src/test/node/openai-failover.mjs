// The official openai client, with its default retries, pointed at Junction in front of two
// backends: an unknown model, then two models the first backend is too busy for.
// Usage: node openai-failover.mjs <junction base URL>
// Prints one JSON object on stdout for OpenAiFailoverTest to check.
import OpenAI from 'openai';

const [base] = process.argv.slice(2);
if (!base) {
  console.error('usage: node openai-failover.mjs <junction URL>');
  process.exit(2);
}
// maxRetries is left at the client's default (2): a 502 would be retried, a 404 is not.
const client = new OpenAI({ baseURL: base.replace(/\/$/, '') + '/v1', apiKey: 'sk-junction-test', timeout: 30000 });

let unknown;
try {
  await client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'hi' }] });
  unknown = { status: 200 };
} catch (e) {
  unknown = { status: e.status, code: e.code ?? null, type: e.type ?? null };
}

const answers = [];
for (const model of ['m1', 'm2']) {
  const c = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'who answers?' }] });
  answers.push({ model: c.model, content: c.choices[0].message.content });
}

console.log(JSON.stringify({ unknown, answers }));
