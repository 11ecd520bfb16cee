// Drives llm-stream's batch API with OpenAI's official Node client, as BatchApiITCase asks:
// uploads, batches created, polled, listed and cancelled, output and error files downloaded.
// Everything it saw goes to the JSON report named by REPORT, for the test to check.
// Environment: BASE_URL (…/v1), API_TOKEN, GOOD_FILE, CANCEL_FILE, OVERSIZED_FILE, REPORT.
import fs from 'node:fs';
import OpenAI from 'openai';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const client = new OpenAI({ baseURL: env('BASE_URL'), apiKey: env('API_TOKEN'), maxRetries: 0, timeout: 60_000 });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const FINAL = new Set(['completed', 'failed', 'cancelled', 'expired']);
const report = {};

/** The HTTP status of the error a call ends with, or 'no error'. */
async function statusOf(call) {
  try {
    await call();
    return 'no error';
  } catch (e) {
    if (!(e instanceof OpenAI.APIError)) return `not an API error: ${e}`;
    return e.status ?? `no status: ${e.message} (${e.cause?.code ?? e.cause?.message ?? 'no cause'})`;
  }
}

async function poll(id, done, timeoutMs = 120_000) {
  const statuses = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await client.batches.retrieve(id);
    if (statuses[statuses.length - 1] !== batch.status) statuses.push(batch.status);
    if (done(batch) || Date.now() > deadline) return { batch, statuses };
    await sleep(200);
  }
}

async function text(fileId) {
  if (!fileId) return null;
  const response = await client.files.content(fileId);
  return await response.text();
}

report.unauthorized = await statusOf(() =>
  new OpenAI({ baseURL: env('BASE_URL'), apiKey: 'not-the-token', maxRetries: 0 }).batches.list());
report.oversized = await statusOf(() =>
  client.files.create({ file: fs.createReadStream(env('OVERSIZED_FILE')), purpose: 'batch' }));

const good = await client.files.create({ file: fs.createReadStream(env('GOOD_FILE')), purpose: 'batch' });
const first = await client.batches.create({
  input_file_id: good.id, endpoint: '/v1/embeddings', completion_window: '24h', metadata: { run: 'first' },
});
const firstDone = await poll(first.id, (b) => FINAL.has(b.status));
report.uploaded = good;
report.first = {
  created: first, batch: firstDone.batch, statuses: firstDone.statuses,
  output: await text(firstDone.batch.output_file_id), errors: await text(firstDone.batch.error_file_id),
};

const many = await client.files.create({ file: fs.createReadStream(env('CANCEL_FILE')), purpose: 'batch' });
const second = await client.batches.create({ input_file_id: many.id, endpoint: '/v1/embeddings', completion_window: '24h' });
const running = await poll(second.id, (b) => FINAL.has(b.status) || b.request_counts.completed > 0);
const cancelling = await client.batches.cancel(second.id);
const secondDone = await poll(second.id, (b) => FINAL.has(b.status));
report.second = {
  before_cancel: running.batch, cancel_answer: cancelling, batch: secondDone.batch,
  statuses: [...running.statuses, ...secondDone.statuses],
  output: await text(secondDone.batch.output_file_id), errors: await text(secondDone.batch.error_file_id),
};
report.cancel_again = await statusOf(() => client.batches.cancel(second.id));

const listed = [];
for await (const batch of client.batches.list({ limit: 1 })) listed.push(batch.id);
report.listed = listed;
report.missing = await statusOf(() => client.batches.retrieve('batch_does_not_exist'));

fs.writeFileSync(env('REPORT'), JSON.stringify(report, null, 2));
console.log(`report written to ${env('REPORT')}`);
