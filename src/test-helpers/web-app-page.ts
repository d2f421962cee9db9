/** The front end of fixtures/browser/web-app.js as the browser tests drive it through `window.webApp`. */

export interface ShownImage {
  width: number;
  height: number;
}

/** The page's globals: fixtures/browser/web-app.js sets `webApp` (evaluated in the page, where globalThis is window). */
export interface WebAppPage {
  webApp: {
    probe(base: string, method: string, path: string): Promise<{ status: number } | { error: string }>;
    aibabeChatImage(base: string, credentials: Record<string, string>, text: string): Promise<ShownImage & { code: number }>;
    aibabeCover(base: string, credentials: Record<string, string>, body: Record<string, string>): Promise<ShownImage & { coverId: string }>;
    chatfireGenerate(base: string, apiKey: string, body: Record<string, unknown>): Promise<ShownImage & { statuses: string[]; savedType: string; savedBytes: number }>;
    difyStream(base: string, apiKey: string, prompt: string): Promise<ShownImage & { contentType: string; names: string[] }>;
    difyUnauthorized(base: string): Promise<{ status: number; wwwAuthenticate: string | null; body: unknown }>;
  };
}
