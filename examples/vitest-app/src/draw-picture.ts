/**
 * The app under test: it draws a picture through a Dify text-to-image workflow (dify-client) or
 * through chatfire's OpenAI-compatible endpoint (the openai SDK), and knows its upstreams only by
 * the environment variables a deployment sets.
 */
import { DifyClient } from 'dify-client';
import OpenAI from 'openai';

interface WorkflowRun {
  data: { status: string; error?: string | null; outputs?: { files?: { url: string }[] } };
}

/** Runs the workflow (blocking) and answers the URL of the picture it made. */
export async function drawWithDify(prompt: string, user: string): Promise<string> {
  const base = requiredEnv('DIFY_API_BASE');
  const client = new DifyClient(requiredEnv('DIFY_API_KEY'), base);
  const response = await client.sendRequest('POST', '/workflows/run', { inputs: { prompt }, response_mode: 'blocking', user });
  const run = (response as { data: WorkflowRun }).data;
  const file = run.data.outputs?.files?.[0];
  if (run.data.status !== 'succeeded' || !file) throw new Error(`Dify did not draw "${prompt}": ${run.data.error ?? run.data.status}`);
  // Dify answers a path on its own host; the app hands out absolute links.
  return new URL(file.url, base).href;
}

/** Asks for one picture in the OpenAI images shape; the SDK reads OPENAI_BASE_URL and OPENAI_API_KEY itself. */
export async function drawWithOpenAI(prompt: string): Promise<string> {
  const client = new OpenAI({ maxRetries: 0 });
  const result = await client.images.generate({ model: 'dall-e-3', prompt, size: '1024x1024' });
  const url = result.data?.[0]?.url;
  if (!url) throw new Error(`chatfire did not draw "${prompt}"`);
  return url;
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}.`);
  return value;
}
