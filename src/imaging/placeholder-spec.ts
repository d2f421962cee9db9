/** What a placeholder image is drawn from: the request that asked for it. */
export interface PlaceholderSpec {
  upstream: string;
  operation: string;
  width: number;
  height: number;
  seed: number;
  prompt: string;
  /** Other request inputs that shaped the image (model, style, …); they feed the colours and the text chunk. */
  inputs?: Record<string, unknown>;
  /** The request carried a reference image (img2img): the label says so. */
  referenceImage?: boolean;
}
