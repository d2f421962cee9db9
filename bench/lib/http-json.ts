/**
 * GET (or DELETE) a JSON document over a fresh connection that closes afterwards (agent: false), so
 * admin queries made while measuring leave no keep-alive socket behind to be counted as a leak.
 */
import { request as httpRequest } from 'node:http';

export function getJson<T>(url: string, method: 'GET' | 'DELETE' = 'GET'): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, agent: false, headers: { Connection: 'close' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end();
  });
}
