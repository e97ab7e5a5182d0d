/**
 * A fetch that hands the starters' own clients (streamChat, connect-web) the real response while
 * the page reads a copy of the same bytes for its "On the wire" panel: the body is tee()d, so
 * the client sees exactly what it would have seen. `headers` are added to every request.
 */
export function teeFetch(
  onResponse: (response: Response, bytes: ReadableStream<Uint8Array>) => void,
  headers: () => Record<string, string>,
): typeof fetch {
  return async (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers())) merged.set(name, value);
    const response = await fetch(input, { ...init, headers: merged });
    if (response.body === null) return response;
    if (!response.ok) {
      // A refusal (the demo server's small JSON error) is read whole first: the client aborts its
      // call on a bad status, which would cut a tee'd copy short before the page could read why.
      const bytes = new Uint8Array(await response.arrayBuffer());
      onResponse(response, new Blob([bytes]).stream());
      return new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    const [forClient, forPanel] = response.body.tee();
    onResponse(response, forPanel);
    return new Response(forClient, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Reads a stream to the end, calling `onChunk` per network chunk; never throws (a cut ends it). */
export async function drain(bytes: ReadableStream<Uint8Array>, onChunk: (chunk: Uint8Array) => void): Promise<void> {
  const reader = bytes.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onChunk(value);
    }
  } catch {
    // The connection was cut or cancelled; the client reports that on its side.
  }
}
