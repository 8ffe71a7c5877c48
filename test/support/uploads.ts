/** A POST of raw bytes, declared (a Buffer: Content-Length) or streamed (chunked, no length announced). */
export function upload(url: string, body: Buffer | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);
}

/** A body sent chunk by chunk, so its size is known only by reading it. */
export function chunked(chunks: Buffer[]): ReadableStream<Uint8Array> {
  const remaining = [...chunks];
  return new ReadableStream({
    pull: (controller) => {
      const chunk = remaining.shift();
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
}
